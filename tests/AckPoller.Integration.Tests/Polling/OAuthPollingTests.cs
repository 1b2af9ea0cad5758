using AckPoller.Core.Configuration;
using AckPoller.Integration.Tests.Auth;

namespace AckPoller.Integration.Tests.Polling;

/// <summary>Polling with real MSAL tokens from the in-process Entra stand-in, accepted by the sandbox Dovecot (XOAUTH2).</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class OAuthPollingTests
{
    [Fact]
    public async Task An_app_only_account_polls_imap_with_a_real_token_and_a_signed_out_account_is_skipped()
    {
        await using var auth = await AuthHarness.StartAsync();
        await using var world = PollingHarness.Start();
        var app = auth.Account(AccountAuthKind.ClientCredentials, MailProtocol.Imap, name: "app");
        var nobody = auth.Account(AccountAuthKind.DelegatedDeviceCode, MailProtocol.Imap, name: "nobody");
        var authenticators = await auth.OpenAsync(app, nobody);
        var poller = world.CreatePoller(authenticators);
        await poller.PollAsync(app.Name, default);

        await world.DeliverAsync(app.Mailbox, 1, PollingHarness.Reply(app.Mailbox));
        var result = await poller.PollAsync(app.Name, default);
        var skipped = await poller.PollAsync(nobody.Name, default);
        var skippedAgain = await poller.PollAsync(nobody.Name, default);

        Assert.Equal((1, 1), (result.Fetched, result.Applied));
        Assert.Equal((0, 1, 0), await world.CountAsync(app.Mailbox));
        Assert.StartsWith("ReauthRequired: ", skipped.SkippedBecause, StringComparison.Ordinal);
        Assert.Equal(skipped.SkippedBecause, skippedAgain.SkippedBecause);
    }
}
