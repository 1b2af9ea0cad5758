using System.Text.Json;
using AckPoller.Cli;
using AckPoller.Core.Alerts;

namespace AckPoller.Integration.Tests.Explain;

/// <summary>`ackpoller explain` on a reply whose From has no domain (<c>From: nsb (Nathaniel Borenstein)</c>): it shows
/// why the sender can never act, with and without a database, and the alert is not touched even though a recipient
/// shares the sender's local part.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ExplainDomainlessSenderTests : IDisposable
{
    private readonly ExplainHarness harness = new();

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task Without_a_database_the_verdict_names_the_missing_domain()
    {
        var (exitCode, text, error) = await ExplainHarness.RunAsync("explain", ExplainHarness.Message("domainless-sender-ack.eml"));

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.Contains("From:        Nathaniel Borenstein <nsb>\n", text, StringComparison.Ordinal);
        Assert.Contains("Verdict:     ignored: sender has no domain ('nsb')", text, StringComparison.Ordinal);
        Assert.Contains("; no answer is sent\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_database_it_is_not_authorized_and_ignored_even_when_a_recipient_shares_its_local_part()
    {
        var config = await harness.WriteConfigAsync("""{ "Responders": [ "northwind.example" ] }""");
        var registered = await harness.RegisterAlertsAsync(config, new RegisterAlertRequest
        {
            Reference = AlertReference.Parse("AP-K3X9QZ"),
            MessageId = "ap.K3X9QZ.m4q7t2w9x1c5v8b3n6d0f2g7h1@alerts.northwind.example",
            Subject = "db-01: disk /var 97% full",
            Recipients = ["nsb@northwind.example"],
        });

        var (jsonCode, json, jsonError) = await ExplainHarness.RunAsync("explain", ExplainHarness.Message("domainless-sender-ack.eml"), "--json", "--config", config);
        var (_, text, _) = await ExplainHarness.RunAsync("explain", ExplainHarness.Message("domainless-sender-ack.eml"), "--config", config);

        Assert.True(jsonCode == ExitCodes.Ok, jsonError);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("nsb", root.GetProperty("from").GetString());
        Assert.Equal("AP-K3X9QZ", root.GetProperty("alert").GetProperty("reference").GetString());
        Assert.False(root.GetProperty("authorized").GetBoolean());
        Assert.StartsWith("sender has no domain ('nsb')", root.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("ignored", root.GetProperty("outcome").GetString());
        Assert.StartsWith("sender has no domain ('nsb')", root.GetProperty("outcome_reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("Authorized:  no: sender has no domain ('nsb')", text, StringComparison.Ordinal);
        Assert.Contains("Verdict:     ignored: sender has no domain ('nsb')", text, StringComparison.Ordinal);

        var after = await harness.ReadAlertAsync(config, AlertReference.Parse("AP-K3X9QZ"));
        Assert.Equal(AlertState.Open, after!.State);
        Assert.Equal(registered[0].UpdatedAt, after.UpdatedAt);
    }
}
