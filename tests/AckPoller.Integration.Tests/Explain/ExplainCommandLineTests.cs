using System.Text.Json;
using AckPoller.Cli;

namespace AckPoller.Integration.Tests.Explain;

/// <summary>Issue 10: `ackpoller explain` shows which line of the new text the command came from, in text and JSON,
/// when greeting lines stand above it.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ExplainCommandLineTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"ackpoller-greeting-{Guid.NewGuid():N}.eml");

    public ExplainCommandLineTests() => File.WriteAllText(file,
        "From: Jane Doe <jane@contoso.example>\r\nSubject: RE: [AP-7KMQZ9] Disk full on db01\r\nMessage-ID: <g1@contoso.example>\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n\r\nHi team,\r\nresolve - restarted it\r\n\r\n" +
        "On Mon, 24 Nov 2025 at 10:05, AckPoller Alerts <alerts@northwind.example> wrote:\r\n> Disk full\r\n");

    public void Dispose() => File.Delete(file);

    [Fact]
    public async Task Text_output_names_the_line_the_command_came_from()
    {
        var (exitCode, output, error) = await ExplainHarness.RunAsync("explain", file);

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.Contains("Command:     resolve\n", output, StringComparison.Ordinal);
        Assert.Contains("Read from:   line 2 of the new text: resolve - restarted it (greeting lines above it passed over)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_has_the_command_line_and_its_number()
    {
        var (exitCode, output, error) = await ExplainHarness.RunAsync("explain", file, "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("resolve", json.RootElement.GetProperty("command").GetString());
        Assert.Equal("resolve - restarted it", json.RootElement.GetProperty("command_line").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("command_line_number").GetInt32());
        Assert.Equal("Hi team,\nresolve - restarted it", json.RootElement.GetProperty("new_text").GetString());
    }
}
