using AckPoller.Core.Configuration;
using AckPoller.Core.Replies;

namespace AckPoller.Core.Tests.Replies;

/// <summary>Issue 10: a greeting on its own line before the command; the command is the first word of the first line
/// that is not a greeting, and the rule stays strict enough that prose never becomes a command.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class GreetingCommandTests
{
    [Theory]
    [InlineData("Hi team,\nresolve - restarted it", ReplyCommand.Resolve, "restarted it", 2)]
    [InlineData("Hello,\n\nack", ReplyCommand.Ack, null, 3)]
    [InlineData("Thanks,\nresolve - restarted it", ReplyCommand.Resolve, "restarted it", 2)]
    [InlineData("Hi all!\nsnooze 2h - deploy running", ReplyCommand.Snooze, "deploy running", 2)]
    [InlineData("Good morning Jane and Bob,\nThanks!\nAck, on it", ReplyCommand.Ack, "on it", 3)]
    [InlineData("Hallo zusammen,\nack", ReplyCommand.Ack, null, 2)]
    [InlineData("Bonjour,\nack", ReplyCommand.Ack, null, 2)]
    [InlineData("您好，\nresolve - 已重启服务", ReplyCommand.Resolve, "已重启服务", 2)]
    [InlineData("Dear on-call team,\nunack - wrong alert", ReplyCommand.Unack, "wrong alert", 2)]
    [InlineData("ack - on it", ReplyCommand.Ack, "on it", 1)]
    public void The_command_is_read_from_the_first_line_that_is_not_a_greeting(string text, ReplyCommand command, string? comment, int line)
    {
        var parsed = CommandParser.Parse(text);

        Assert.Equal((command, comment, line), (parsed.Command, parsed.Comment, parsed.LineNumber));
        Assert.Equal(text.Split('\n')[line - 1].Trim(), parsed.Line);
    }

    [Theory]
    [InlineData("Hi team,\nI will not resolve this until the vendor replies")]
    [InlineData("Hello,\nplease don't ack this yet")]
    [InlineData("Thanks,\nJane")]
    [InlineData("Hi, ack")]
    [InlineData("Hi team, the disk is fine now\nresolve later")]
    [InlineData("Thanks for the heads-up, we are looking into it and will resolve it soon")]
    [InlineData("Hello,\nResolve? Not sure it is fixed")]
    [InlineData("Resolve? I doubt it")]
    [InlineData("Hi,\nHello,\nThanks,\nack")]
    [InlineData("Hi team\n\nthe snooze did not work")]
    public void Prose_never_becomes_a_command(string text)
    {
        var parsed = CommandParser.Parse(text);

        Assert.Equal(ReplyCommand.None, parsed.Command);
        Assert.Equal(text, parsed.Comment);
        Assert.Null(parsed.LineNumber);
    }

    [Theory]
    [InlineData("Hi team,", true)]
    [InlineData("Hello", true)]
    [InlineData("Thanks,", true)]
    [InlineData("Thank you!", true)]
    [InlineData("Hi team, the disk is fine now", false)]
    [InlineData("Hi there, this is a much longer line than any greeting would be", false)]
    [InlineData("Highly unusual disk usage", false)]
    public void Greeting_lines_are_short_and_only_a_greeting(string line, bool greeting)
    {
        Assert.Equal(greeting, CommandParser.IsGreeting(line));
    }

    [Fact]
    public async Task The_analysis_says_which_line_the_command_came_from()
    {
        var message = ReplyTestFiles.Parse("""
            From: Jane Doe <jane@contoso.example>
            Subject: RE: [AP-7KMQZ9] Disk full on db01
            Content-Type: text/plain; charset=utf-8

            Hi team,
            resolve - restarted it

            On Mon, 24 Nov 2025 at 10:05, AckPoller Alerts <alerts@northwind.example> wrote:
            > Disk full
            """);

        var analysis = await new ReplyAnalyzer(new RepliesOptions(), null).AnalyzeAsync(message, CancellationToken.None);

        Assert.Equal((ReplyCommand.Resolve, "restarted it", 2, "resolve - restarted it"),
            (analysis.Command, analysis.Comment, analysis.CommandLineNumber, analysis.CommandLine));
    }
}
