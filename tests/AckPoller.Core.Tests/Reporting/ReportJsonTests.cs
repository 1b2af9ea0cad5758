using System.Text.Json;
using AckPoller.Core.Accounts;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Reporting;

namespace AckPoller.Core.Tests.Reporting;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ReportJsonTests
{
    [Fact]
    public void An_ack_log_entry_has_snake_case_names_enum_strings_a_reference_string_and_keeps_nulls()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(AckLogCsvTests.Full with { Comment = null }, ReportJson.Compact));
        var root = json.RootElement;

        Assert.Equal("AP-7K3M9Q", root.GetProperty("alert_reference").GetString());
        Assert.Equal("snooze", root.GetProperty("action").GetString());
        Assert.Equal("applied", root.GetProperty("outcome").GetString());
        Assert.Equal("jane@contoso.example", root.GetProperty("actor_address").GetString());
        Assert.Equal("INBOX/1/5", root.GetProperty("message_key").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("comment").ValueKind);
        Assert.Equal(AckLogCsvTests.Full.ReceivedAt, root.GetProperty("received_at").GetDateTimeOffset());
        Assert.Equal("2026-11-24T09:00:02.5+00:00", root.GetProperty("processed_at").GetString());
        Assert.Equal(42, root.GetProperty("id").GetInt64());
        Assert.DoesNotContain('\n', JsonSerializer.Serialize(AckLogCsvTests.Full, ReportJson.Compact));
        Assert.Contains('\n', JsonSerializer.Serialize(AckLogCsvTests.Full, ReportJson.Indented));
    }

    [Fact]
    public void An_alert_and_an_account_status_use_the_same_conventions()
    {
        var alert = new Alert { Reference = AlertReference.Parse("AP-000001"), Subject = "Disk", State = AlertState.Acknowledged, Recipients = ["a@b.example"] };
        var account = new AccountStatus
        {
            Name = "oncall",
            Mailbox = "alerts@contoso.example",
            Protocol = MailProtocol.Pop3,
            AuthKind = AccountAuthKind.DelegatedAuthorizationCode,
            AuthState = AuthState.ReauthRequired,
            AuthSince = DateTimeOffset.UnixEpoch,
            SignIn = new SignInChallenge { AuthorizationUrl = new Uri("https://login.example/authorize?x=1") },
        };

        using var alertJson = JsonDocument.Parse(JsonSerializer.Serialize(alert, ReportJson.Compact));
        using var accountJson = JsonDocument.Parse(JsonSerializer.Serialize(account, ReportJson.Compact));

        Assert.Equal("acknowledged", alertJson.RootElement.GetProperty("state").GetString());
        Assert.Equal("AP-000001", alertJson.RootElement.GetProperty("reference").GetString());
        Assert.Equal("a@b.example", alertJson.RootElement.GetProperty("recipients")[0].GetString());
        Assert.Equal("reauth_required", accountJson.RootElement.GetProperty("auth_state").GetString());
        Assert.Equal("delegated_authorization_code", accountJson.RootElement.GetProperty("auth_kind").GetString());
        Assert.Equal("pop3", accountJson.RootElement.GetProperty("protocol").GetString());
        Assert.True(accountJson.RootElement.GetProperty("needs_attention").GetBoolean());
        Assert.Equal("https://login.example/authorize?x=1", accountJson.RootElement.GetProperty("sign_in").GetProperty("authorization_url").GetString());
        Assert.Equal(JsonValueKind.Null, accountJson.RootElement.GetProperty("activity").ValueKind);
    }

    [Fact]
    public void References_read_back_in_any_case_and_garbage_is_a_json_error()
    {
        Assert.Equal(AlertReference.Parse("AP-7K3M9Q"), JsonSerializer.Deserialize<AlertReference>("\"ap-7k3m9q\"", ReportJson.Compact));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AlertReference>("\"AP-!!\"", ReportJson.Compact));
    }

    [Fact]
    public void Names_are_the_json_spellings()
    {
        Assert.Equal("reauth_required", Names.Of(AuthState.ReauthRequired));
        Assert.Equal("ack", Names.Of(AckAction.Ack));
        Assert.Equal("client_credentials", Names.Of(AccountAuthKind.ClientCredentials));
    }
}
