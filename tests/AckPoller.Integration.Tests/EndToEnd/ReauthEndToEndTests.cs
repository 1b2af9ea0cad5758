using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.EntraStandIn.Faults;
using AckPoller.Integration.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Integration.Tests.EndToEnd;

/// <summary>Issue 5 end to end with `ackpoller run`: the authority starts answering invalid_grant (the stand-in's fault
/// switch) for one delegated account → it goes ReauthRequired and pauses, the other account keeps acking, the admins get
/// the notification through the backup SMTP channel (Postfix, basic auth), and after sign-in through the callback the
/// reply that waited in the paused mailbox is processed.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ReauthEndToEndTests
{
    private const string Broken = "delegated";

    [Fact]
    public async Task Invalid_grant_pauses_one_account_while_the_other_acks_admins_are_told_and_the_backlog_follows_sign_in()
    {
        // Short-lived access tokens: every poll of the delegated account goes to the authority with its refresh token.
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapPolling, startWorker: false, accessTokenLifetimeSeconds: 30);
        var harness = world.Harness;
        var settings = harness.Settings;
        var delegatedMailbox = settings.NewAddress("delegated");
        var admin = settings.NewAddress("admin");
        var notifier = settings.NewAddress("ackpoller-notify");
        var keyVariable = "ACKPOLLER_E2E_KEY_" + Guid.NewGuid().ToString("N");
        var passwordVariable = "ACKPOLLER_E2E_NOTIFY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(keyVariable, Convert.ToBase64String(harness.Key));
        Environment.SetEnvironmentVariable(passwordVariable, settings.Password);
        try
        {
            // The delegated account signed in before the worker starts (same database and key).
            var delegated = harness.Account(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Imap, delegatedMailbox, name: Broken);
            var before = await harness.OpenAsync(delegated);
            await harness.SignInWithAuthorizationCodeAsync(before, Broken);
            await harness.CloseAsync(before);

            await File.WriteAllTextAsync(world.ConfigPath, $$"""
                {
                  "Storage": { "DatabasePath": "{{harness.DatabasePath}}" },
                  "Web": {{EndToEndWorld.DefaultWebJson}},
                  "TokenCache": { "KeyEnv": "{{keyVariable}}" },
                  "Auth": { "ExtraCaFile": "{{settings.CaFile}}" },
                  "Scheduling": { "OutboxInterval": "00:00:01", "MailRetryBaseDelay": "00:00:00.2", "PausedRecheckInterval": "00:00:02" },
                  "Alerts": { "SenderAccount": "{{EndToEndWorld.AccountName}}", "MessageIdDomain": "{{EndToEndWorld.MessageIdDomain}}", "SmtpExtraCaFile": "{{settings.CaFile}}" },
                  "Notifications": { "AdminAddresses": [ "{{admin}}" ], "SmtpServer": "smtp://{{settings.Host}}:{{settings.Ports.Submission}}",
                    "UserName": "{{notifier}}", "PasswordEnv": "{{passwordVariable}}" },
                  "Accounts": [ {
                    "Name": "{{EndToEndWorld.AccountName}}", "Mailbox": "{{world.Monitored}}", "Protocol": "Imap",
                    "IncomingServer": "imaps://{{settings.Host}}:{{settings.Ports.Imaps}}",
                    "SmtpServer": "smtp://{{settings.Host}}:{{settings.Ports.Submission}}",
                    "AuthKind": "ClientCredentials", "TenantId": "{{harness.Entra.TenantId}}", "ClientId": "{{harness.ClientId}}",
                    "ClientSecretEnv": "{{world.SecretVariable}}",
                    "Processing": { "ProcessExistingMail": true }, "Polling": { "Interval": "00:00:01", "Idle": false } },
                  {
                    "Name": "{{Broken}}", "Mailbox": "{{delegatedMailbox}}", "Protocol": "Imap",
                    "IncomingServer": "imaps://{{settings.Host}}:{{settings.Ports.Imaps}}",
                    "AuthKind": "DelegatedAuthorizationCode", "TenantId": "{{harness.Entra.TenantId}}", "ClientId": "{{harness.ClientId}}",
                    "ClientSecretEnv": "{{world.SecretVariable}}", "RedirectUri": "{{AuthHarness.RedirectUri}}",
                    "Processing": { "ProcessExistingMail": true }, "Polling": { "Interval": "00:00:01", "Idle": false } } ]
                }
                """);
            world.StartWorker();
            var worker = await world.WorkerServicesAsync();
            var authenticators = worker.GetRequiredService<AccountAuthenticators>();

            var alertA = await world.RaiseAsync("Backup failed");
            var alertB = await world.RaiseAsync("Link down");
            var receivedA = await world.WaitForAlertEmailAsync(alertA);
            var receivedB = await world.WaitForAlertEmailAsync(alertB);

            // The delegated account works first: a reply in its mailbox is acked.
            var warmup = ReplyStyles.Compose("plain", receivedA, world.OnCall, EndToEndWorld.OnCallName, delegatedMailbox, "note first look");
            await SandboxMail.DeliverAsync(settings, world.OnCall, delegatedMailbox, warmup.Bytes);
            await WaitForAsync(async () => (await Log(world)).Any(e => e.SourceMessageId == warmup.MessageId), world, "the delegated account's first reply");

            // The authority now refuses the delegated account's refresh token (invalid_grant, AADSTS700082).
            harness.Entra.Faults.Add(new FaultRule { Fault = EntraFault.RefreshTokenExpired, ClientId = harness.ClientId, User = delegatedMailbox });
            await WaitForAsync(async () => (await authenticators.Get(Broken).GetStatusAsync(default)).State == AuthState.ReauthRequired, world, "ReauthRequired");
            var status = await authenticators.Get(Broken).GetStatusAsync(default);
            Assert.Equal("AADSTS700082", status.ErrorCode);

            var waiting = ReplyStyles.Compose("outlook", receivedA, world.OnCall, EndToEndWorld.OnCallName, delegatedMailbox, "ack while signed out");
            await SandboxMail.DeliverAsync(settings, world.OnCall, delegatedMailbox, waiting.Bytes);
            var other = ReplyStyles.Compose("gmail", receivedB, world.OnCall, EndToEndWorld.OnCallName, world.Monitored, "ack from the healthy account");
            await SandboxMail.DeliverAsync(settings, world.OnCall, world.Monitored, other.Bytes);

            // The other account keeps acking, and the admins are told through the backup SMTP channel.
            await WaitForAsync(async () => (await Log(world)).Any(e => e.SourceMessageId == other.MessageId), world, "the healthy account's ack");
            await world.WaitForMailAsync(world.OnCall, m => m.InReplyTo.Contains(other.MessageId), 1);
            var notification = (await world.WaitForMailAsync(admin, m => m.Subject?.Contains(Broken, StringComparison.Ordinal) == true, 1))[0];
            var body = notification.GetTextBody() ?? string.Empty;
            Assert.Contains("sign-in", notification.Subject, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(status.Challenge!.AuthorizationUrl!.AbsoluteUri, body, StringComparison.Ordinal);
            Assert.Equal(notifier, notification.From.Single().Address);

            // Paused: the waiting reply is not touched while the account cannot sign in.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.DoesNotContain(await Log(world), e => e.SourceMessageId == waiting.MessageId);
            Assert.Equal(AuthState.ReauthRequired, (await authenticators.Get(Broken).GetStatusAsync(default)).State);

            // An admin follows the link; the callback signs the account in and the backlog is processed.
            harness.Entra.Faults.Clear();
            var result = await harness.CompleteBrowserSignInAsync(authenticators, status.Challenge);
            Assert.True(result.Succeeded, result.Message);
            await WaitForAsync(async () => (await Log(world)).Any(e => e.SourceMessageId == waiting.MessageId), world, "the backlog after sign-in");
            var entry = Assert.Single(await Log(world), e => e.SourceMessageId == waiting.MessageId);
            Assert.Equal((AckOutcome.Applied, AckAction.Ack, Broken, "while signed out"), (entry.Outcome, entry.Action, entry.Account, entry.Comment));
            await world.WaitForMailAsync(world.OnCall, m => m.InReplyTo.Contains(waiting.MessageId), 1);
            Assert.Equal(3, (await Log(world)).Count);
            await world.StopWorkerAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable(keyVariable, null);
            Environment.SetEnvironmentVariable(passwordVariable, null);
        }
    }

    private static async Task<IReadOnlyList<AckLogEntry>> Log(EndToEndWorld world) =>
        (await world.Store.AckLog.QueryAsync(new AckLogQuery { Limit = 100 }, default)).Entries;

    private static async Task WaitForAsync(Func<Task<bool>> condition, EndToEndWorld world, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}. Worker stderr: {world.ErrorText}\n{string.Join('\n', world.Harness.Logs.Lines.TakeLast(60))}");
            }

            await Task.Delay(100);
        }
    }
}
