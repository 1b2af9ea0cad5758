using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;

namespace AckPoller.Integration.Tests.Auth;

/// <summary>Each flow, with real MSAL against the Entra stand-in, gets a token the sandbox Dovecot accepts for IMAP or
/// POP3 and Postfix accepts for SMTP.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AuthFlowTests
{
    [Theory]
    [InlineData(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Imap, false)]
    [InlineData(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Pop3, true)]
    [InlineData(AccountAuthKind.DelegatedDeviceCode, MailProtocol.Imap, false)]
    [InlineData(AccountAuthKind.DelegatedDeviceCode, MailProtocol.Pop3, false)]
    [InlineData(AccountAuthKind.ClientCredentials, MailProtocol.Imap, false)]
    [InlineData(AccountAuthKind.ClientCredentials, MailProtocol.Pop3, true)]
    public async Task Each_flow_obtains_a_token_the_mail_servers_accept(AccountAuthKind kind, MailProtocol protocol, bool certificate)
    {
        await using var harness = await AuthHarness.StartAsync();
        var account = harness.Account(kind, protocol, certificate: certificate);
        var authenticators = await harness.OpenAsync(account);
        if (kind == AccountAuthKind.DelegatedAuthorizationCode)
        {
            await harness.SignInWithAuthorizationCodeAsync(authenticators, account.Name);
        }
        else if (kind == AccountAuthKind.DelegatedDeviceCode)
        {
            await harness.SignInWithDeviceCodeAsync(authenticators, account.Name);
        }

        var authenticator = authenticators.Get(account.Name);
        var incoming = await harness.ConnectIncomingAsync(authenticator);
        await harness.SendThroughSmtpAsync(authenticator);

        Assert.StartsWith(protocol == MailProtocol.Imap ? "IMAP" : "POP3", incoming, StringComparison.Ordinal);
        var status = await authenticator.GetStatusAsync(default);
        Assert.Equal(AuthState.Authorized, status.State);
        Assert.Null(status.Pending);
        if (kind != AccountAuthKind.ClientCredentials)
        {
            Assert.NotNull(status.HomeAccountId);
            Assert.Contains(harness.Entra.Issuances, i => i.ClientId == harness.ClientId && i.User == account.Mailbox && i.RefreshToken is not null);
        }
    }

    [Fact]
    public async Task A_password_account_hands_out_the_password_from_the_environment_and_dovecot_accepts_it()
    {
        await using var harness = await AuthHarness.StartAsync();
        var account = harness.Account(AccountAuthKind.Password, MailProtocol.Imap);
        account.ClientId = null;
        account.PasswordEnv = AuthHarness.SecretVariable;
        var authenticators = await harness.OpenAsync(harness.Settings.Password, account);

        var result = await harness.ConnectIncomingAsync(authenticators.Get(account.Name));

        Assert.StartsWith("IMAP", result, StringComparison.Ordinal);
        Assert.Equal(AuthState.Authorized, (await authenticators.Get(account.Name).GetStatusAsync(default)).State);
    }
}
