using System.CommandLine;
using System.Text;
using System.Text.Json;
using AckPoller.Cli;
using AckPoller.Core.Configuration;
using AckPoller.Core.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.Integration.Tests.Explain;

/// <summary>Issue 11 item 7: `ackpoller explain` never dies on a decoding exception. The failure is injected through the
/// analyzer factory (a decode that throws, an analyzer that throws), not through a charset the decoder happens to reject
/// today, so the tests stay valid as the decoder improves.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ExplainUnreadableTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_decoding_exception_prints_the_report_marked_unreadable_and_exits_1_without_a_stack_trace(bool json)
    {
        ExplainCommand.AnalyzerFactory failingDecode = (options, directory, domain) =>
            new ReplyAnalyzer(new ReplyClassifier(options, domain), new AlertMatcher(directory), _ => throw new NotSupportedException("No data is available for encoding 65000."));

        var (exitCode, output, error) = await RunAsync(failingDecode, json);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("is unreadable: the message could not be decoded (NotSupportedException: No data is available for encoding 65000.)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
        if (json)
        {
            using var document = JsonDocument.Parse(output);
            Assert.Equal("NotSupportedException: No data is available for encoding 65000.", document.RootElement.GetProperty("unreadable").GetString());
            Assert.True(document.RootElement.GetProperty("auto_reply").GetBoolean());
        }
        else
        {
            Assert.Contains("Unreadable:", output, StringComparison.Ordinal);
            Assert.Contains("Verdict:     ignored as malformed (the message could not be decoded): moved aside, no answer is sent", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Any_other_exception_is_a_clear_message_and_exit_1()
    {
        var (exitCode, output, error) = await RunAsync((_, _, _) => new ThrowingAnalyzer(), json: false);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Empty(output);
        Assert.Contains("could not be explained (DecoderFallbackException: Unable to translate bytes [FF])", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parser_exception_is_a_clear_message_and_exit_1()
    {
        var (exitCode, output, error) = await RunAsync(
            (options, directory, domain) => new ReplyAnalyzer(options, directory, domain), json: false, _ => throw new NotSupportedException("Support for UTF-7 is disabled."));

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Empty(output);
        Assert.Contains("the message could not be parsed (NotSupportedException: Support for UTF-7 is disabled.)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_readable_reply_still_exits_0()
    {
        var (exitCode, output, error) = await RunAsync((options, directory, domain) => new ReplyAnalyzer(options, directory, domain), json: true);

        Assert.True(exitCode == ExitCodes.Ok, error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("unreadable").ValueKind);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        ExplainCommand.AnalyzerFactory analyzers, bool json, Func<byte[], MimeMessage>? parse = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ackpoller-unreadable-{Guid.NewGuid():N}.eml");
        await File.WriteAllTextAsync(file,
            "From: Jane Doe <jane@contoso.example>\r\nSubject: RE: [AP-7KMQZ9] api latency\r\nMessage-ID: <u1@contoso.example>\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n\r\nack\r\n");
        try
        {
            var root = new RootCommand { ExplainCommand.Create(analyzers, parse) };
            using var output = new StringWriter();
            using var error = new StringWriter();
            string[] args = json ? ["explain", file, "--json"] : ["explain", file];
            var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
            return (exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed class ThrowingAnalyzer : IReplyAnalyzer
    {
        public Task<ReplyAnalysis> AnalyzeAsync(MimeMessage message, CancellationToken cancellationToken) =>
            throw new DecoderFallbackException("Unable to translate bytes [FF]");
    }
}
