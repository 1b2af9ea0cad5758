using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Auth;

/// <summary>AuthKind AccessToken against the sandbox Dovecot: the token is whatever an outside agent last wrote to the
/// file, read again at every connection, so replacing it takes effect without a restart.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AccessTokenAccountTests
{
    [Fact]
    public async Task A_token_file_is_read_at_every_connection_and_a_refused_token_denies_access_until_a_fresh_one_is_written()
    {
        await using var harness = await AuthHarness.StartAsync();
        using var minter = JwtMinter.Trusted(harness.Settings);
        var mailbox = harness.Settings.NewAddress("tokenfile");
        await SandboxMail.DeliverAsync(harness.Settings, "sender@sandbox.test", mailbox, SandboxMail.SimpleMessage("sender@sandbox.test", mailbox, "ack me", "ack"));
        var tokenFile = Path.Combine(harness.Folder, "access-token");
        var account = new MailAccountOptions
        {
            Name = "statictoken",
            Mailbox = mailbox,
            Protocol = MailProtocol.Imap,
            IncomingServer = $"imaps://{harness.Settings.Host}:{harness.Settings.Ports.Imaps}",
            AuthKind = AccountAuthKind.AccessToken,
            AccessTokenFile = tokenFile,
        };
        var authenticators = await harness.OpenAsync(account);
        var authenticator = authenticators.Get(account.Name);
        var tokens = new List<string>();

        var first = minter.Mint(mailbox, TimeSpan.FromMinutes(10));
        tokens.Add(first);
        await File.WriteAllTextAsync(tokenFile, first + "\n");
        Assert.Equal("IMAP INBOX 1", await harness.ConnectIncomingAsync(authenticator));
        Assert.Equal(AuthState.Authorized, (await authenticator.GetStatusAsync(default)).State);

        var expired = minter.Mint(mailbox, TimeSpan.FromMinutes(-5));
        tokens.Add(expired);
        await File.WriteAllTextAsync(tokenFile, expired);
        var refused = await Assert.ThrowsAsync<AccountAuthException>(() => harness.ConnectIncomingAsync(authenticator));
        var denied = await authenticator.GetStatusAsync(default);
        Assert.Equal((AuthState.MailboxAccessDenied, AuthState.MailboxAccessDenied), (refused.State, denied.State));
        Assert.Contains($"file {tokenFile}", denied.Reason, StringComparison.Ordinal);

        var fresh = minter.Mint(mailbox, TimeSpan.FromMinutes(10));
        tokens.Add(fresh);
        await File.WriteAllTextAsync(tokenFile, fresh);
        Assert.Equal("IMAP INBOX 1", await harness.ConnectIncomingAsync(authenticator));
        Assert.Equal(AuthState.Authorized, (await authenticator.GetStatusAsync(default)).State);

        var logs = harness.Logs.Text;
        Assert.Contains("refused the token", logs, StringComparison.Ordinal);
        foreach (var token in tokens)
        {
            // A JWT's tail is its signature, unique per token.
            Assert.DoesNotContain(token[^32..], logs, StringComparison.Ordinal);
            Assert.DoesNotContain(token[^32..], refused.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(token[^32..], denied.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_or_empty_token_file_makes_the_account_credential_invalid_naming_the_key()
    {
        await using var harness = await AuthHarness.StartAsync();
        var tokenFile = Path.Combine(harness.Folder, "not-yet-written");
        var account = new MailAccountOptions
        {
            Name = "notoken",
            Mailbox = harness.Settings.NewAddress("notoken"),
            IncomingServer = $"imaps://{harness.Settings.Host}:{harness.Settings.Ports.Imaps}",
            AuthKind = AccountAuthKind.AccessToken,
            AccessTokenFile = tokenFile,
        };
        var authenticator = (await harness.OpenAsync(account)).Get(account.Name);

        var missing = await Assert.ThrowsAsync<AccountAuthException>(() => harness.ConnectIncomingAsync(authenticator));
        await File.WriteAllTextAsync(tokenFile, "  \n");
        var empty = await Assert.ThrowsAsync<AccountAuthException>(() => authenticator.GetCredentialsAsync(forceRefresh: false, default));

        Assert.Equal(AuthState.CredentialInvalid, missing.State);
        Assert.Equal($"Accounts:0:AccessTokenFile: {tokenFile} does not exist", missing.Reason[..missing.Reason.IndexOf(';', StringComparison.Ordinal)]);
        Assert.StartsWith($"Accounts:0:AccessTokenFile: {tokenFile} is empty", empty.Reason, StringComparison.Ordinal);
        var status = await authenticator.GetStatusAsync(default);
        Assert.Equal((AuthState.CredentialInvalid, "AccessTokenMissing"), (status.State, status.ErrorCode));
    }
}
