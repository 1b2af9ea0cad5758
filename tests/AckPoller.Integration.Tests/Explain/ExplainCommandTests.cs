using System.Text.Json;
using AckPoller.Cli;
using AckPoller.Core.Alerts;

namespace AckPoller.Integration.Tests.Explain;

/// <summary>`ackpoller explain` end to end, in-process: saved replies from the MIME corpus and here, without and with a
/// configured database (a migrated SQLite file holding registered alerts).</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ExplainCommandTests : IDisposable
{
    private static readonly string[] BaseFields =
    [
        "from", "subject", "message_id", "in_reply_to", "references", "auto_reply", "auto_reply_reason", "unreadable", "alert_ref", "matched_by",
        "new_text", "command", "command_line", "command_line_number", "argument", "comment",
    ];

    private readonly ExplainHarness harness = new();

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task Json_without_a_database_has_exactly_the_documented_fields()
    {
        var (exitCode, output, error) = await ExplainHarness.RunAsync("explain", ExplainHarness.MimeCorpus("gmail-reply.eml"), "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(BaseFields, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("mateo.rossi@gmail.example", root.GetProperty("from").GetString());
        Assert.Equal("Re: [ALERT] db-01: disk /var 97% full", root.GetProperty("subject").GetString());
        Assert.Equal("CAHk7mP2xq+3N5bV9wT0jR4s8LzYqE1cF6uA2dG7hK9oW3=pQ_w@mail.gmail.example", root.GetProperty("message_id").GetString());
        Assert.Equal("ap.K3X9QZ.m4q7t2w9x1c5v8b3n6d0f2g7h1@alerts.northwind.example", root.GetProperty("in_reply_to").GetString());
        Assert.Equal(["ap.K3X9QZ.m4q7t2w9x1c5v8b3n6d0f2g7h1@alerts.northwind.example"], root.GetProperty("references").EnumerateArray().Select(e => e.GetString()));
        Assert.False(root.GetProperty("auto_reply").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("auto_reply_reason").ValueKind);
        Assert.Equal("AP-K3X9QZ", root.GetProperty("alert_ref").GetString());
        Assert.Equal("in-reply-to", root.GetProperty("matched_by").GetString());
        Assert.Equal("Ack, rolling the logs now.", root.GetProperty("new_text").GetString());
        Assert.Equal("ack", root.GetProperty("command").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("argument").ValueKind);
        Assert.Equal("rolling the logs now.", root.GetProperty("comment").GetString());
    }

    [Theory]
    [InlineData("out-of-office-exchange.eml", "auto-reply: Auto-Submitted: auto-replied")]
    [InlineData("dsn-postfix-message-rfc822.eml", "bounce: delivery status notification (multipart/report; report-type=delivery-status)")]
    public async Task Auto_replies_and_bounces_are_shown_with_their_reason(string file, string reason)
    {
        var (exitCode, output, _) = await ExplainHarness.RunAsync("explain", ExplainHarness.MimeCorpus(file), "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("auto_reply").GetBoolean());
        Assert.Equal(reason, json.RootElement.GetProperty("auto_reply_reason").GetString());
    }

    [Fact]
    public async Task An_html_only_reply_and_a_localized_snooze_are_explained()
    {
        var (_, html, _) = await ExplainHarness.RunAsync("explain", ExplainHarness.MimeCorpus("html-only-reply-iso-8859-1.eml"), "--json");
        var (exitCode, snooze, error) = await ExplainHarness.RunAsync("explain", "--json", ExplainHarness.Message("outlook-german-snooze.eml"));

        Assert.True(exitCode == ExitCodes.Ok, error);
        using var htmlJson = JsonDocument.Parse(html);
        Assert.Equal("ack — François s'en occupe.\nCordialement,\nFrançois Lévêque", htmlJson.RootElement.GetProperty("new_text").GetString());
        Assert.Equal("ack", htmlJson.RootElement.GetProperty("command").GetString());
        using var snoozeJson = JsonDocument.Parse(snooze);
        var root = snoozeJson.RootElement;
        Assert.Equal("AP-7KMQZ9", root.GetProperty("alert_ref").GetString());
        Assert.Equal("subject", root.GetProperty("matched_by").GetString());
        Assert.Equal("Snooze 2 hours - deploy in progress", root.GetProperty("new_text").GetString());
        Assert.Equal("snooze", root.GetProperty("command").GetString());
        Assert.Equal("2h", root.GetProperty("argument").GetString());
        Assert.Equal("deploy in progress", root.GetProperty("comment").GetString());
        Assert.Equal(0, root.GetProperty("references").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("in_reply_to").ValueKind);
    }

    [Fact]
    public async Task The_readable_summary_shows_each_field_and_a_verdict()
    {
        var (exitCode, output, _) = await ExplainHarness.RunAsync("explain", ExplainHarness.MimeCorpus("outlook-desktop-reply-utf8-qp.eml"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("From:        Priya Raman <priya.raman@contoso-ops.example>\n", output, StringComparison.Ordinal);
        Assert.Contains("Auto-reply:  no\n", output, StringComparison.Ordinal);
        Assert.Contains("Alert ref:   AP-K3X9QZ (matched by in-reply-to)\n", output, StringComparison.Ordinal);
        Assert.Contains("New text:\n    | ack – looking at it now, will clear old WAL segments.\n    | \n    | Priya\n", output, StringComparison.Ordinal);
        Assert.Contains("Command:     ack\n", output, StringComparison.Ordinal);
        Assert.Contains("Comment:     looking at it now, will clear old WAL segments. /  / Priya\n", output, StringComparison.Ordinal);
        Assert.Contains("Database:    none (give --config to check the alert and the sender)\n", output, StringComparison.Ordinal);
        Assert.Contains("Verdict:     ack AP-K3X9QZ, if the alert exists and the sender may act on it (not checked without a database)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_database_the_alert_and_the_authorization_are_shown_and_nothing_changes()
    {
        var config = await harness.WriteConfigAsync();
        var registered = await harness.RegisterAlertsAsync(config, new RegisterAlertRequest
        {
            Reference = AlertReference.Parse("AP-K3X9QZ"),
            MessageId = "ap.K3X9QZ.m4q7t2w9x1c5v8b3n6d0f2g7h1@alerts.northwind.example",
            Subject = "db-01: disk /var 97% full",
            Recipients = ["mateo.rossi@gmail.example", "oncall@northwind.example"],
        });

        var (okCode, ok, okError) = await ExplainHarness.RunAsync("explain", ExplainHarness.MimeCorpus("gmail-reply.eml"), "--json", "--config", config);
        var (deniedCode, denied, _) = await ExplainHarness.RunAsync("explain", ExplainHarness.Message("unauthorized-resolve.eml"), "--json", "--config", config);
        var (_, text, _) = await ExplainHarness.RunAsync("explain", ExplainHarness.Message("unauthorized-resolve.eml"), "--config", config);

        Assert.True(okCode == ExitCodes.Ok, okError);
        using var okJson = JsonDocument.Parse(ok);
        var root = okJson.RootElement;
        Assert.Equal([.. BaseFields, "alert", "authorized", "reason", "outcome", "outcome_reason"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("applied", root.GetProperty("outcome").GetString());
        var alert = root.GetProperty("alert");
        Assert.Equal("AP-K3X9QZ", alert.GetProperty("reference").GetString());
        Assert.Equal("open", alert.GetProperty("state").GetString());
        Assert.Equal(["mateo.rossi@gmail.example", "oncall@northwind.example"], alert.GetProperty("recipients").EnumerateArray().Select(e => e.GetString()));
        Assert.True(root.GetProperty("authorized").GetBoolean());
        Assert.Equal("mateo.rossi@gmail.example is a recipient of AP-K3X9QZ", root.GetProperty("reason").GetString());

        Assert.Equal(ExitCodes.Ok, deniedCode);
        using var deniedJson = JsonDocument.Parse(denied);
        Assert.Equal("resolve", deniedJson.RootElement.GetProperty("command").GetString());
        Assert.False(deniedJson.RootElement.GetProperty("authorized").GetBoolean());
        Assert.Equal("mallory@evil.example is neither a recipient of AP-K3X9QZ nor a configured responder", deniedJson.RootElement.GetProperty("reason").GetString());
        Assert.Contains("Authorized:  no: mallory@evil.example is neither a recipient of AP-K3X9QZ nor a configured responder\n", text, StringComparison.Ordinal);
        Assert.Contains("Verdict:     rejected: mallory@evil.example is neither", text, StringComparison.Ordinal);
        Assert.Equal("rejected", deniedJson.RootElement.GetProperty("outcome").GetString());

        var after = await harness.ReadAlertAsync(config, AlertReference.Parse("AP-K3X9QZ"));
        Assert.Equal(AlertState.Open, after!.State);
        Assert.Equal(registered[0].UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task Configured_responders_and_unknown_alerts_are_explained_from_the_database()
    {
        var config = await harness.WriteConfigAsync("""{ "Responders": [ "evil.example" ] }""");
        await harness.RegisterAlertsAsync(config, new RegisterAlertRequest
        {
            Reference = AlertReference.Parse("AP-K3X9QZ"),
            Subject = "db-01: disk /var 97% full",
            Recipients = ["oncall@northwind.example"],
        });

        var (_, responder, _) = await ExplainHarness.RunAsync("explain", ExplainHarness.Message("unauthorized-resolve.eml"), "--json", "--config", config);
        var (_, unknown, _) = await ExplainHarness.RunAsync("explain", ExplainHarness.Message("outlook-german-snooze.eml"), "--json", "--config", config);

        using var responderJson = JsonDocument.Parse(responder);
        Assert.Equal("AP-K3X9QZ", responderJson.RootElement.GetProperty("alert").GetProperty("reference").GetString());
        Assert.True(responderJson.RootElement.GetProperty("authorized").GetBoolean());
        Assert.Equal("mallory@evil.example is a configured responder (domain evil.example)", responderJson.RootElement.GetProperty("reason").GetString());
        using var unknownJson = JsonDocument.Parse(unknown);
        Assert.Equal(JsonValueKind.Null, unknownJson.RootElement.GetProperty("alert").ValueKind);
        Assert.False(unknownJson.RootElement.GetProperty("authorized").GetBoolean());
        Assert.Equal("no alert AP-7KMQZ9 is known, so there is nothing jane@contoso.example could act on", unknownJson.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_configured_database_that_does_not_exist_is_not_created()
    {
        var config = await harness.WriteConfigAsync();

        var (exitCode, output, error) = await ExplainHarness.RunAsync("explain", ExplainHarness.MimeCorpus("gmail-reply.eml"), "--config", config);
        var (_, json, _) = await ExplainHarness.RunAsync("explain", ExplainHarness.MimeCorpus("gmail-reply.eml"), "--config", config, "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.Contains($"Database:    {harness.DatabasePath} does not exist; the alert and the sender were not checked", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"authorized\"", json, StringComparison.Ordinal);
        Assert.False(File.Exists(harness.DatabasePath));
    }

    [Fact]
    public async Task An_unreadable_file_exits_1()
    {
        var (missingCode, _, missingError) = await ExplainHarness.RunAsync("explain", Path.Combine(harness.Folder, "missing.eml"));
        var (directoryCode, _, _) = await ExplainHarness.RunAsync("explain", harness.Folder);

        Assert.Equal(ExitCodes.Failure, missingCode);
        Assert.Contains("explain: cannot read", missingError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, directoryCode);
    }

    [Theory]
    [InlineData("explain")]
    [InlineData("explain a.eml b.eml")]
    [InlineData("explain a.eml --yaml")]
    [InlineData("explain a.eml --config")]
    public async Task Usage_errors_exit_64(string arguments)
    {
        var (exitCode, _, error) = await ExplainHarness.RunAsync(arguments.Split(' '));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.NotEmpty(error);
    }

    [Fact]
    public async Task A_bad_configuration_exits_3_like_every_command_naming_the_key()
    {
        var config = await harness.WriteConfigAsync("""{ "LockoutThreshold": 0 }""");

        var (exitCode, _, error) = await ExplainHarness.RunAsync("explain", ExplainHarness.MimeCorpus("gmail-reply.eml"), "--config", config);
        var (missingCode, _, missingError) = await ExplainHarness.RunAsync("explain", ExplainHarness.MimeCorpus("gmail-reply.eml"), "--config", Path.Combine(harness.Folder, "nope.json"));

        Assert.Equal(RunCommand.ExitBadConfiguration, exitCode);
        Assert.Contains("Replies:LockoutThreshold: must be ≥ 1", error, StringComparison.Ordinal);
        Assert.Equal(RunCommand.ExitBadConfiguration, missingCode);
        Assert.Contains("does not exist", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_verdict_is_the_recorders_own_decision_so_a_reply_to_a_resolved_alert_is_shown_as_ignored()
    {
        var config = await harness.WriteConfigAsync();
        var registered = await harness.RegisterAlertsAsync(config, new RegisterAlertRequest
        {
            Reference = AlertReference.Parse("AP-K3X9QZ"),
            MessageId = "ap.K3X9QZ.m4q7t2w9x1c5v8b3n6d0f2g7h1@alerts.northwind.example",
            Subject = "db-01: disk /var 97% full",
            Recipients = ["mateo.rossi@gmail.example"],
        });
        await harness.SetStateAsync(config, registered[0], AlertState.Resolved);

        var (code, json, error) = await ExplainHarness.RunAsync("explain", ExplainHarness.MimeCorpus("gmail-reply.eml"), "--json", "--config", config);
        var (_, text, _) = await ExplainHarness.RunAsync("explain", ExplainHarness.MimeCorpus("gmail-reply.eml"), "--config", config);

        Assert.True(code == ExitCodes.Ok, error);
        using var document = JsonDocument.Parse(json);
        Assert.True(document.RootElement.GetProperty("authorized").GetBoolean());
        Assert.Equal("ignored", document.RootElement.GetProperty("outcome").GetString());
        Assert.Contains("already resolved", document.RootElement.GetProperty("outcome_reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("Verdict:     ignored: ", text, StringComparison.Ordinal);
    }
}
