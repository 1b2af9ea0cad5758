using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Reporting;

namespace AckPoller.Core.Tests.Reporting;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AckLogCsvTests
{
    internal static readonly AckLogEntry Full = new()
    {
        Id = 42,
        AlertId = 7,
        AlertReference = AlertReference.Parse("AP-7K3M9Q"),
        Action = AckAction.Snooze,
        Argument = "30m",
        ActorAddress = "jane@contoso.example",
        ActorName = "Doe, Jane",
        ReceivedAt = new DateTimeOffset(2026, 11, 24, 10, 0, 1, TimeSpan.FromHours(1)),
        ProcessedAt = new DateTimeOffset(2026, 11, 24, 9, 0, 2, 500, TimeSpan.Zero),
        SourceMessageId = "abc@client.example",
        Account = "oncall",
        Protocol = "imap",
        MessageKey = "INBOX/1/5",
        Comment = "=waiting \"vendor\"",
        Outcome = AckOutcome.Applied,
        Reason = "snoozed until 09:30",
    };

    [Fact]
    public void A_row_has_every_header_column_in_order_with_utc_times_and_snake_case_names()
    {
        var line = new StringBuilder();
        AckLogCsv.Format(line, Full);

        Assert.Equal(
            "42,2026-11-24T09:00:02Z,2026-11-24T09:00:01Z,AP-7K3M9Q,snooze,30m,applied,jane@contoso.example,\"Doe, Jane\",\"'=waiting \"\"vendor\"\"\",snoozed until 09:30,oncall,imap,abc@client.example",
            line.ToString());
        Assert.Equal(14, AckLogCsv.Header.Split(',').Length);
    }

    [Fact]
    public void Missing_values_are_empty_fields()
    {
        var line = new StringBuilder();
        AckLogCsv.Format(line, new AckLogEntry { Id = 1, Account = "a", Protocol = "pop3", MessageKey = "k", Outcome = AckOutcome.Ignored, Reason = "auto-reply" });

        Assert.Equal("1,0001-01-01T00:00:00Z,0001-01-01T00:00:00Z,,,,ignored,,,,auto-reply,a,pop3,", line.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WriteAsync_writes_crlf_records_with_the_header_only_when_asked(bool header)
    {
        using var writer = new StringWriter();
        await AckLogCsv.WriteAsync(writer, [Full, Full with { Id = 43, Comment = null }], header, default);

        var records = writer.ToString().Split("\r\n");
        Assert.Equal(header ? 4 : 3, records.Length);
        Assert.Equal(string.Empty, records[^1]);
        Assert.Equal(header, records[0] == AckLogCsv.Header);
        Assert.StartsWith("43,", records[^2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_stops_when_cancelled()
    {
        using var writer = new StringWriter();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AckLogCsv.WriteAsync(writer, [Full], false, cancelled.Token));
    }
}
