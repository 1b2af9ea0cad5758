using System.Globalization;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Reporting;
using AckPoller.Integration.Tests.EndToEnd;
using AckPoller.Mail.Mime;

namespace AckPoller.Integration.Tests.Cli;

/// <summary>`alert raise|register|show`, `alerts`, `acks` and `accounts` against a running worker (`ackpoller run`
/// in-process, IMAP IDLE on the sandbox, app-only tokens from the Entra stand-in). The ack log rows are made by the
/// real path: alerts raised by the CLI, sent by the worker through Postfix, answered by replies sent through Postfix,
/// read and recorded by the worker. Each output is checked field by field against the store's own rows.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AlertAndAckCliTests
{
    [Fact]
    public async Task Alerts_raised_by_the_cli_are_answered_and_the_log_reads_back_in_every_format()
    {
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapIdle);
        var config = world.ConfigPath;
        var stranger = world.Harness.Settings.NewAddress("stranger");

        // alert raise: the reference first, the queue note after.
        var raised = await CliRun.RunAsync("alert", "raise", "--to", world.OnCall, "--subject", "Disk full on db01", "--body", "/var is 99% full",
            "--severity", "critical", "--source", "nagios", "--config", config);
        Assert.True(raised.Exit == 0, raised.ToString());
        var lines = raised.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(AlertReference.TryParse(lines[0].Trim(), out var first), raised.ToString());
        Assert.Matches(@"^AP-[0-9A-Z]{6}$", lines[0].Trim());
        Assert.Contains("queued; `ackpoller run` sends it", raised.Output, StringComparison.Ordinal);

        var second = await CliRun.RunAsync("alert", "raise", "--to", world.OnCall, "--subject", "Backup late", "--json", "--config", config);
        Assert.True(second.Exit == 0, second.ToString());
        using (var json = JsonDocument.Parse(second.Output))
        {
            Assert.Equal("Backup late", json.RootElement.GetProperty("subject").GetString());
            Assert.Equal("open", json.RootElement.GetProperty("state").GetString());
            Assert.Equal(world.OnCall, json.RootElement.GetProperty("recipients")[0].GetString());
            Assert.Contains("queued", second.Error, StringComparison.Ordinal);
        }

        var secondRef = AlertReference.TryParse(JsonDocument.Parse(second.Output).RootElement.GetProperty("reference").GetString(), out var r2) ? r2 : throw new InvalidOperationException(second.Output);

        // alerts lists both; json is the API shape.
        var listed = await CliRun.RunAsync("alerts", "--format", "json", "--config", config);
        Assert.True(listed.Exit == 0, listed.ToString());
        using (var json = JsonDocument.Parse(listed.Output))
        {
            var refs = json.RootElement.EnumerateArray().Select(a => a.GetProperty("reference").GetString()).ToList();
            Assert.Equal([secondRef.ToString(), first.ToString()], refs);
            var disk = json.RootElement[1];
            Assert.Equal(("critical", "nagios", "/var is 99% full"), (disk.GetProperty("severity").GetString(), disk.GetProperty("source").GetString(), disk.GetProperty("body").GetString()));
        }

        // The worker sends them; replies come back: an ack with a comment, a formula-looking note with quotes and a comma,
        // a stranger's ack (rejected), then a resolve.
        var alertMail = await world.WaitForAlertEmailAsync(await world.AlertAsync(first));
        var secondMail = await world.WaitForAlertEmailAsync(await world.AlertAsync(secondRef));
        await ReplyAsync(world, alertMail, world.OnCall, "ack looking at it");
        await world.WaitForLogAsync(1);
        await ReplyAsync(world, secondMail, world.OnCall, "note =1+1 \"quoted\", with a comma");
        await world.WaitForLogAsync(2);
        await ReplyAsync(world, alertMail, stranger, "ack");
        await world.WaitForLogAsync(3);
        await ReplyAsync(world, alertMail, world.OnCall, "resolve restarted nginx");
        var log = await world.WaitForLogAsync(4);
        Assert.Equal(4, log.Count);

        // acks --format json: the same rows, newest first, field by field.
        var acksJson = await CliRun.RunAsync("acks", "--format", "json", "--config", config);
        Assert.True(acksJson.Exit == 0, acksJson.ToString());
        using (var json = JsonDocument.Parse(acksJson.Output))
        {
            var rows = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(log.Count, rows.Count);
            for (var i = 0; i < log.Count; i++)
            {
                AssertJsonEntry(log[i], rows[i]);
            }
        }

        Assert.Equal(string.Empty, acksJson.Error);

        // acks --format csv: header, then one record per row with the formula guard.
        var acksCsv = await CliRun.RunAsync("acks", "--format", "csv", "--config", config);
        Assert.True(acksCsv.Exit == 0, acksCsv.ToString());
        var records = CsvReader.Parse(acksCsv.Output);
        Assert.Equal(AckLogCsv.Header.Split(','), records[0]);
        Assert.Equal(log.Count + 1, records.Count);
        for (var i = 0; i < log.Count; i++)
        {
            AssertCsvRecord(log[i], records[i + 1]);
        }

        var note = Assert.Single(log, e => e.Action == AckAction.Note);
        Assert.StartsWith("=1+1", note.Comment, StringComparison.Ordinal);
        Assert.Contains($"'{note.Comment!.Replace("\"", "\"\"", StringComparison.Ordinal)}", acksCsv.Output, StringComparison.Ordinal);

        // Filters.
        Assert.Equal([note.Id], await IdsAsync(config, "--alert", secondRef.ToString().ToLowerInvariant()));
        Assert.Equal(log.Where(e => e.AlertReference == first).Select(e => e.Id), await IdsAsync(config, "--alert", first.ToString()));
        var rejected = Assert.Single(log, e => e.Outcome == AckOutcome.Rejected);
        Assert.Equal(stranger, rejected.ActorAddress);
        Assert.Equal([rejected.Id], await IdsAsync(config, "--by", stranger.ToUpperInvariant()));
        Assert.Equal([rejected.Id], await IdsAsync(config, "--outcome", "rejected"));
        Assert.Equal([note.Id], await IdsAsync(config, "--action", "note"));
        Assert.Equal(log.Where(e => e.Action == AckAction.Ack).Select(e => e.Id), await IdsAsync(config, "--action", "ack"));
        Assert.Equal(log.Select(e => e.Id), await IdsAsync(config, "--account", EndToEndWorld.AccountName, "--since", "1h"));
        Assert.Empty(await IdsAsync(config, "--account", "nobody"));
        Assert.Empty(await IdsAsync(config, "--until", "1h"));
        var since = log[1].ProcessedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        Assert.Equal(log.Take(2).Select(e => e.Id), await IdsAsync(config, "--since", since));

        // Paging: --limit with the cursor printed on stderr, until no cursor is printed.
        var paged = new List<long>();
        string? after = null;
        for (var page = 0; page < 10; page++)
        {
            var args = new List<string> { "acks", "--format", "json", "--limit", "3", "--config", config };
            if (after is not null)
            {
                args.AddRange(["--after", after]);
            }

            var result = await CliRun.RunAsync([.. args]);
            Assert.True(result.Exit == 0, result.ToString());
            paged.AddRange(JsonDocument.Parse(result.Output).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
            var marker = "--after ";
            var at = result.Error.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            after = result.Error[(at + marker.Length)..].Trim();
        }

        Assert.Equal(log.Select(e => e.Id), paged);

        // Table with redirected stdout: no escape codes, one line per row holding its fields.
        var table = await CliRun.RunAsync("acks", "--config", config);
        Assert.True(table.Exit == 0, table.ToString());
        Assert.DoesNotContain('\u001b', table.Output);
        foreach (var entry in log)
        {
            var row = table.Output.Split('\n').SingleOrDefault(l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^\s*{entry.Id}\s"));
            Assert.True(row is not null, $"no row for {entry.Id}:\n{table.Output}");
            Assert.Contains(entry.AlertReference!.Value.ToString(), row, StringComparison.Ordinal);
            Assert.Contains(Names.Of(entry.Outcome), row, StringComparison.Ordinal);
            Assert.Contains(entry.ActorAddress!, row, StringComparison.Ordinal);
        }

        var limited = await CliRun.RunAsync("acks", "--limit", "1", "--config", config);
        Assert.Contains($"--after {new AckLogCursor(log[0].ProcessedAt, log[0].Id)}", limited.Error, StringComparison.Ordinal);

        // alert show: the alert and its whole log, oldest first.
        var shown = await CliRun.RunAsync("alert", "show", first.ToString(), "--json", "--config", config);
        Assert.True(shown.Exit == 0, shown.ToString());
        using (var json = JsonDocument.Parse(shown.Output))
        {
            Assert.Equal("resolved", json.RootElement.GetProperty("alert").GetProperty("state").GetString());
            Assert.Equal(log.Where(e => e.AlertReference == first).Select(e => e.Id).Reverse(),
                json.RootElement.GetProperty("log").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        }

        var shownTable = await CliRun.RunAsync("alert", "show", first.ToString(), "--config", config);
        Assert.True(shownTable.Exit == 0, shownTable.ToString());
        Assert.Contains("Disk full on db01", shownTable.Output, StringComparison.Ordinal);
        Assert.Contains("restarted nginx", shownTable.Output, StringComparison.Ordinal);
        Assert.Contains("Acknowledgement log (3, oldest first)", shownTable.Output, StringComparison.Ordinal);

        var openOnly = await CliRun.RunAsync("alerts", "--state", "open", "--config", config);
        Assert.True(openOnly.Exit == 0, openOnly.ToString());
        Assert.Contains(secondRef.ToString(), openOnly.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(first.ToString(), openOnly.Output, StringComparison.Ordinal);

        // accounts: the worker's activity, read from the store by another "process" (once the confirmations have gone).
        var accounts = await WaitForIdleConnectedAsync(config);
        using (var json = JsonDocument.Parse(accounts.Output))
        {
            var account = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal(EndToEndWorld.AccountName, account.GetProperty("name").GetString());
            Assert.Equal("authorized", account.GetProperty("auth_state").GetString());
            Assert.Equal("client_credentials", account.GetProperty("auth_kind").GetString());
            Assert.True(account.GetProperty("idle_enabled").GetBoolean());
            Assert.Equal(JsonValueKind.String, account.GetProperty("activity").GetProperty("last_poll_at").ValueKind);
            Assert.Equal(0, account.GetProperty("pending_outbox").GetInt32());
        }

        var accountsTable = await CliRun.RunAsync("accounts", "--config", config);
        Assert.True(accountsTable.Exit == 0, accountsTable.ToString());
        Assert.Matches($@"{EndToEndWorld.AccountName}\s+\S*{world.Monitored.Split('@')[0]}\S*\s+imap\s+client_credentials\s+authorized", accountsTable.Output);
        Assert.Contains("connected", accountsTable.Output, StringComparison.Ordinal);

        // register: idempotent by Message-ID.
        var messageId = $"{Guid.NewGuid():N}@monitoring.example";
        var registered = await CliRun.RunAsync("alert", "register", "--message-id", $"<{messageId}>", "--subject", "From PRTG", "--config", config);
        var again = await CliRun.RunAsync("alert", "register", "--message-id", messageId, "--config", config);
        Assert.True(registered.Exit == 0 && again.Exit == 0, registered + "\n" + again);
        Assert.Equal(registered.Output, again.Output);
        var registeredRef = AlertReference.TryParse(registered.Output.Trim(), out var r3) ? r3 : throw new InvalidOperationException(registered.Output);
        Assert.Equal(messageId, (await world.AlertAsync(registeredRef)).MessageId);
    }

    [Fact]
    public async Task Raise_with_send_now_sends_the_alert_without_a_worker()
    {
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapPolling, startWorker: false);
        using var msal = new EntraStandIn.StandInMsalHttpClientFactory(world.Harness.Entra);

        var raised = await CliRun.RunAsync(msal, "alert", "raise", "--to", world.OnCall, "--subject", "Sent at once", "--send-now", "--config", world.ConfigPath);

        Assert.True(raised.Exit == 0, raised.ToString());
        Assert.Contains($"Alert email sent to {world.OnCall}", raised.Output, StringComparison.Ordinal);
        var reference = AlertReference.TryParse(raised.Output.Split('\n')[0].Trim(), out var r) ? r : throw new InvalidOperationException(raised.Output);
        await world.WaitForAlertEmailAsync(await world.AlertAsync(reference));
    }

    [Fact]
    public async Task Raise_with_send_now_says_the_email_stays_queued_when_it_cannot_be_sent()
    {
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapPolling, startWorker: false);
        using var msal = new EntraStandIn.StandInMsalHttpClientFactory(world.Harness.Entra);
        world.Harness.Entra.Faults.Add(new AckPoller.EntraStandIn.Faults.FaultRule { Fault = AckPoller.EntraStandIn.Faults.EntraFault.ClientSecretExpired, ClientId = world.Harness.ClientId });

        var raised = await CliRun.RunAsync(msal, "alert", "raise", "--to", world.OnCall, "--subject", "Cannot go", "--send-now", "--config", world.ConfigPath);

        Assert.True(raised.Exit == 1, raised.ToString());
        Assert.Matches("^AP-[0-9A-Z]{6}\n", raised.Output.Replace("\r", string.Empty, StringComparison.Ordinal));
        Assert.Contains("stays queued", raised.Output, StringComparison.Ordinal);
        Assert.Contains("AADSTS7000222", raised.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--until", "soon")]
    [InlineData("--action", "approve")]
    [InlineData("--outcome", "maybe")]
    [InlineData("--alert", "AP-!!")]
    [InlineData("--limit", "0")]
    [InlineData("--limit", "10001")]
    [InlineData("--after", "not-a-cursor")]
    [InlineData("--format", "xml")]
    public async Task A_bad_acks_filter_is_a_usage_error_naming_the_option(string option, string value)
    {
        using var folder = new CliFolder();
        var config = await folder.PasswordConfigAsync();

        var result = await CliRun.RunAsync("acks", option, value, "--config", config);

        Assert.True(result.Exit == 64, result.ToString());
        Assert.StartsWith(option + ":", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Alerts_show_and_raise_refuse_bad_input_with_the_option_named()
    {
        using var folder = new CliFolder();
        var config = await folder.PasswordConfigAsync();

        var state = await CliRun.RunAsync("alerts", "--state", "closed", "--config", config);
        Assert.True(state.Exit == 64 && state.Error.StartsWith("--state: 'closed' is not one of open, acknowledged, resolved, snoozed", StringComparison.Ordinal), state.ToString());

        var missing = await CliRun.RunAsync("alert", "show", "AP-000000", "--config", config);
        Assert.True(missing.Exit == 1 && missing.Error.Contains("No alert AP-000000", StringComparison.Ordinal), missing.ToString());

        var badAddress = await CliRun.RunAsync("alert", "raise", "--to", "not an address", "--subject", "x", "--config", config);
        Assert.True(badAddress.Exit == 64 && badAddress.Error.StartsWith("--to:", StringComparison.Ordinal), badAddress.ToString());

        var noSubject = await CliRun.RunAsync("alert", "raise", "--to", "a@example.com", "--config", config);
        Assert.True(noSubject.Exit == 64 && noSubject.Error.Contains("--subject", StringComparison.Ordinal), noSubject.ToString());

        var neither = await CliRun.RunAsync("alert", "register", "--config", config);
        Assert.True(neither.Exit == 64 && neither.Error.StartsWith("--message-id:", StringComparison.Ordinal), neither.ToString());

        var empty = await CliRun.RunAsync("acks", "--config", config);
        Assert.True(empty.Exit == 0 && empty.Output.Contains("No acknowledgement log entries match.", StringComparison.Ordinal), empty.ToString());
    }

    [Fact]
    public async Task Body_file_is_read_and_both_body_options_together_are_refused()
    {
        using var folder = new CliFolder();
        var config = await folder.PasswordConfigAsync();
        var bodyFile = Path.Combine(folder.Path, "body.txt");
        await File.WriteAllTextAsync(bodyFile, "line one\nline two\n");

        var raised = await CliRun.RunAsync("alert", "raise", "--to", "a@example.com,b@example.com", "--subject", "From a file", "--body-file", bodyFile, "--json", "--config", config);
        var both = await CliRun.RunAsync("alert", "raise", "--to", "a@example.com", "--subject", "x", "--body", "y", "--body-file", bodyFile, "--config", config);

        Assert.True(raised.Exit == 0, raised.ToString());
        using var json = JsonDocument.Parse(raised.Output);
        Assert.Equal("line one\nline two\n", json.RootElement.GetProperty("body").GetString());
        Assert.Equal(["a@example.com", "b@example.com"], json.RootElement.GetProperty("recipients").EnumerateArray().Select(e => e.GetString()));
        Assert.True(both.Exit == 64 && both.Error.StartsWith("--body-file:", StringComparison.Ordinal), both.ToString());
    }

    private static async Task ReplyAsync(EndToEndWorld world, MimeMessage alert, string from, string text)
    {
        var reply = ReplyStyles.Compose("plain", alert, from, from == world.OnCall ? EndToEndWorld.OnCallName : "Somebody Else", world.Monitored, text);
        await SandboxMail.DeliverAsync(world.Harness.Settings, from, world.Monitored, reply.Bytes);
    }

    private static async Task<List<long>> IdsAsync(string config, params string[] filters)
    {
        var result = await CliRun.RunAsync(["acks", "--format", "json", .. filters, "--config", config]);
        Assert.True(result.Exit == 0, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
    }

    private static async Task<CliResult> WaitForIdleConnectedAsync(string config)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var result = await CliRun.RunAsync("accounts", "--json", "--config", config);
            Assert.True(result.Exit == 0, result.ToString());
            var activity = JsonDocument.Parse(result.Output).RootElement[0].GetProperty("activity");
            if (activity.ValueKind == JsonValueKind.Object && activity.GetProperty("idle_connected").GetBoolean() && activity.GetProperty("last_poll_at").ValueKind == JsonValueKind.String
                && JsonDocument.Parse(result.Output).RootElement[0].GetProperty("pending_outbox").GetInt32() == 0)
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, "IDLE never recorded as connected with the outbox drained: " + result.Output);
            await Task.Delay(200);
        }
    }

    private static void AssertJsonEntry(AckLogEntry expected, JsonElement row)
    {
        Assert.Equal(expected.Id, row.GetProperty("id").GetInt64());
        Assert.Equal(expected.AlertId, row.GetProperty("alert_id").ValueKind == JsonValueKind.Null ? null : row.GetProperty("alert_id").GetInt64());
        Assert.Equal(expected.AlertReference?.ToString(), row.GetProperty("alert_reference").GetString());
        Assert.Equal(expected.Action is { } a ? Names.Of(a) : null, row.GetProperty("action").GetString());
        Assert.Equal(expected.Argument, row.GetProperty("argument").GetString());
        Assert.Equal(expected.ActorAddress, row.GetProperty("actor_address").GetString());
        Assert.Equal(expected.ActorName, row.GetProperty("actor_name").GetString());
        Assert.Equal(expected.ReceivedAt, row.GetProperty("received_at").GetDateTimeOffset());
        Assert.Equal(expected.ProcessedAt, row.GetProperty("processed_at").GetDateTimeOffset());
        Assert.Equal(expected.SourceMessageId, row.GetProperty("source_message_id").GetString());
        Assert.Equal(expected.Account, row.GetProperty("account").GetString());
        Assert.Equal(expected.Protocol, row.GetProperty("protocol").GetString());
        Assert.Equal(expected.MessageKey, row.GetProperty("message_key").GetString());
        Assert.Equal(expected.Comment, row.GetProperty("comment").GetString());
        Assert.Equal(Names.Of(expected.Outcome), row.GetProperty("outcome").GetString());
        Assert.Equal(expected.Reason, row.GetProperty("reason").GetString());
    }

    private static void AssertCsvRecord(AckLogEntry expected, List<string> record)
    {
        static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        static string Guarded(string? v) => string.IsNullOrEmpty(v) ? string.Empty : v[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + v : v;
        Assert.Equal(
            [
                expected.Id.ToString(CultureInfo.InvariantCulture), Time(expected.ProcessedAt), Time(expected.ReceivedAt),
                expected.AlertReference?.ToString() ?? string.Empty, expected.Action is { } a ? Names.Of(a) : string.Empty, Guarded(expected.Argument),
                Names.Of(expected.Outcome), Guarded(expected.ActorAddress), Guarded(expected.ActorName), Guarded(expected.Comment), Guarded(expected.Reason),
                Guarded(expected.Account), Guarded(expected.Protocol), Guarded(expected.SourceMessageId),
            ],
            record);
    }
}
