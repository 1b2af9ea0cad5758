using AckPoller.Cli;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;

namespace AckPoller.Integration.Tests.Cli;

/// <summary>Tables written to a redirected output: plain text, wide rows kept on one line, and text from mail (markup,
/// ANSI escapes, line breaks) shown literally instead of styling or breaking the terminal.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class CliConsoleTests
{
    [Fact]
    public void Hostile_text_from_mail_is_shown_literally_on_one_line()
    {
        var entry = new AckLogEntry
        {
            Id = 7,
            AlertReference = AlertReference.Parse("AP-7K3M9Q"),
            Action = AckAction.Note,
            ActorAddress = "mallory@example.com",
            ProcessedAt = DateTimeOffset.UnixEpoch,
            Account = "oncall",
            Protocol = "imap",
            MessageKey = "k",
            Comment = "[red]pwned[/] \u001b[31mred\u001b[0m\r\nsecond line " + new string('x', 200),
            Outcome = AckOutcome.Applied,
            Reason = "noted",
        };
        using var output = new StringWriter();

        CliConsole.For(output).Write(AckLogTable.Build([entry]));

        var text = output.ToString();
        Assert.DoesNotContain('\u001b', text);
        var row = Assert.Single(text.Split('\n'), l => l.Contains("AP-7K3M9Q", StringComparison.Ordinal));
        Assert.Contains("[red]pwned[/]", row, StringComparison.Ordinal);
        Assert.Contains("second line " + new string('x', 200), row, StringComparison.Ordinal);
        Assert.Contains("mallory@example.com", row, StringComparison.Ordinal);
    }
}
