using AckPoller.Core.Auth;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Configuration;
using AckPoller.EntraStandIn.Faults;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Integration.Tests.Auth;

/// <summary>Refresh, rotation across restarts, the re-auth state machine, retries and the keep-alive, with real MSAL,
/// the Entra stand-in and the sandbox mail servers.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AuthLifecycleTests
{
    [Fact]
    public async Task An_expiring_access_token_is_refreshed_silently_and_the_new_one_works()
    {
        await using var harness = await AuthHarness.StartAsync(accessTokenLifetimeSeconds: 120);
        var account = harness.Account(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Imap);
        var authenticators = await harness.OpenAsync(account);
        await harness.SignInWithAuthorizationCodeAsync(authenticators, account.Name);
        var authenticator = authenticators.Get(account.Name);
        var issuedAtSignIn = harness.Entra.Issuances.Count;

        var first = await authenticator.GetCredentialsAsync(forceRefresh: false, default);
        var refreshes = harness.Entra.Issuances.Skip(issuedAtSignIn).Where(i => i.GrantType == "refresh_token").ToList();

        Assert.NotEmpty(refreshes);
        Assert.Equal(refreshes[^1].AccessToken, first.Secret);
        Assert.StartsWith("IMAP", await harness.ConnectIncomingAsync(authenticator), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rotated_refresh_token_is_persisted_at_once_and_used_after_a_restart()
    {
        await using var harness = await AuthHarness.StartAsync();
        var account = harness.Account(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Imap);
        var first = await harness.OpenAsync(account);
        await harness.SignInWithAuthorizationCodeAsync(first, account.Name);
        await first.Get(account.Name).GetCredentialsAsync(forceRefresh: true, default);
        var rotated = harness.Entra.Issuances[^1];
        Assert.Equal("refresh_token", rotated.GrantType);
        Assert.NotNull(rotated.RefreshToken);
        Assert.False(harness.Entra.IsRefreshTokenValid(rotated.RedeemedRefreshToken!));
        await harness.CloseAsync(first);

        var restarted = await harness.OpenAsync(account);
        var credentials = await restarted.Get(account.Name).GetCredentialsAsync(forceRefresh: true, default);

        var afterRestart = harness.Entra.Issuances[^1];
        Assert.Equal(rotated.RefreshToken, afterRestart.RedeemedRefreshToken);
        Assert.Equal(afterRestart.AccessToken, credentials.Secret);
        Assert.StartsWith("IMAP", await harness.ConnectIncomingAsync(restarted.Get(account.Name)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_grant_moves_the_account_to_reauth_required_and_the_callback_brings_it_back()
    {
        await using var harness = await AuthHarness.StartAsync();
        var account = harness.Account(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Imap);
        var authenticators = await harness.OpenAsync(account);
        await harness.SignInWithAuthorizationCodeAsync(authenticators, account.Name);
        var events = new List<AuthStateChangedEventArgs>();
        authenticators.States.StateChanged += (_, e) => { lock (events) { events.Add(e); } };
        harness.Entra.Faults.Add(new FaultRule { Fault = EntraFault.RefreshTokenExpired, Count = 1, ClientId = harness.ClientId });
        var authenticator = authenticators.Get(account.Name);

        var error = await Assert.ThrowsAsync<AccountAuthException>(() => authenticator.GetCredentialsAsync(forceRefresh: true, default));

        Assert.Equal(AuthState.ReauthRequired, error.State);
        Assert.Equal("AADSTS700082", error.ErrorCode);
        var status = await authenticator.GetStatusAsync(default);
        Assert.Equal(AuthState.ReauthRequired, status.State);
        Assert.Contains("90 days", status.Reason);
        Assert.NotNull(status.Challenge?.AuthorizationUrl);
        Assert.Equal((AuthState.Authorized, AuthState.ReauthRequired), (events[^1].Previous, events[^1].Current.State));

        // The still valid cached access token keeps mail working meanwhile, without hiding the state.
        await authenticator.GetCredentialsAsync(forceRefresh: false, default);
        Assert.Equal(AuthState.ReauthRequired, (await authenticator.GetStatusAsync(default)).State);

        // A second failure keeps the link already sent to admins.
        harness.Entra.Faults.Add(new FaultRule { Fault = EntraFault.RefreshTokenExpired, Count = 1, ClientId = harness.ClientId });
        await Assert.ThrowsAsync<AccountAuthException>(() => authenticator.GetCredentialsAsync(forceRefresh: true, default));
        Assert.Equal(status.Challenge, (await authenticator.GetStatusAsync(default)).Challenge);

        var result = await harness.CompleteBrowserSignInAsync(authenticators, status.Challenge!);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(AuthState.Authorized, (await authenticator.GetStatusAsync(default)).State);
        Assert.Equal((AuthState.ReauthRequired, AuthState.Authorized), (events[^1].Previous, events[^1].Current.State));
        Assert.StartsWith("IMAP", await harness.ConnectIncomingAsync(authenticator), StringComparison.Ordinal);

        var replay = await harness.CompleteBrowserSignInAsync(authenticators, status.Challenge!);
        Assert.False(replay.Succeeded);
    }

    [Fact]
    public async Task A_device_code_account_gets_a_code_when_reauth_is_required_and_returns_to_authorized_by_itself()
    {
        await using var harness = await AuthHarness.StartAsync();
        var account = harness.Account(AccountAuthKind.DelegatedDeviceCode, MailProtocol.Pop3);
        var authenticators = await harness.OpenAsync(account);
        await harness.SignInWithDeviceCodeAsync(authenticators, account.Name);
        var authorizedAgain = new TaskCompletionSource<AuthStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        authenticators.States.StateChanged += (_, e) =>
        {
            if (e.Previous == AuthState.ReauthRequired && e.Current.State == AuthState.Authorized)
            {
                authorizedAgain.TrySetResult(e);
            }
        };
        harness.Entra.Faults.Add(new FaultRule { Fault = EntraFault.GrantRevoked, Count = 1, ClientId = harness.ClientId });
        var authenticator = authenticators.Get(account.Name);

        var error = await Assert.ThrowsAsync<AccountAuthException>(() => authenticator.GetCredentialsAsync(forceRefresh: true, default));

        Assert.Equal(("AADSTS50173", AuthState.ReauthRequired), (error.ErrorCode, error.State));
        var status = await authenticator.GetStatusAsync(default);
        Assert.True(status.Challenge?.IsDeviceCode, "a device code is waiting");
        Assert.True(harness.Entra.ApproveDeviceCode(status.Challenge!.UserCode!, account.Mailbox));

        await authorizedAgain.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("POP3", await harness.ConnectIncomingAsync(authenticator), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "AADSTS7000215")]
    [InlineData(true, "AADSTS7000222")]
    public async Task Invalid_client_makes_the_credential_invalid(bool expiredFault, string code)
    {
        await using var harness = await AuthHarness.StartAsync();
        var account = harness.Account(AccountAuthKind.ClientCredentials, MailProtocol.Imap);
        var authenticators = await harness.OpenAsync(expiredFault ? harness.ClientSecret : "the-secret-id-not-its-value", account);
        if (expiredFault)
        {
            harness.Entra.Faults.Add(new FaultRule { Fault = EntraFault.ClientSecretExpired, ClientId = harness.ClientId });
        }

        var error = await Assert.ThrowsAsync<AccountAuthException>(() => authenticators.Get(account.Name).GetCredentialsAsync(false, default));

        Assert.Equal((AuthState.CredentialInvalid, code), (error.State, error.ErrorCode));
        var status = await authenticators.Get(account.Name).GetStatusAsync(default);
        Assert.Equal(AuthState.CredentialInvalid, status.State);
        Assert.Contains(expiredFault ? "expired" : "secret's ID was pasted", status.Reason);
        Assert.Null(status.Challenge);
    }

    [Theory]
    [InlineData(EntraFault.ServerError, 3)]
    [InlineData(EntraFault.Throttled, 1)]
    public async Task Transient_failures_are_retried_and_recovered_without_a_state_change(EntraFault fault, int count)
    {
        await using var harness = await AuthHarness.StartAsync();
        var account = harness.Account(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Imap);
        var authenticators = await harness.OpenAsync(account);
        await harness.SignInWithAuthorizationCodeAsync(authenticators, account.Name);
        var events = 0;
        authenticators.States.StateChanged += (_, _) => Interlocked.Increment(ref events);
        harness.Entra.Faults.Add(new FaultRule { Fault = fault, Count = count, ClientId = harness.ClientId, RetryAfterSeconds = 1 });
        var started = DateTime.UtcNow;

        var credentials = await authenticators.Get(account.Name).GetCredentialsAsync(forceRefresh: true, default);

        Assert.Empty(harness.Entra.Faults.Active);
        Assert.Equal(harness.Entra.Issuances[^1].AccessToken, credentials.Secret);
        Assert.Equal(0, events);
        Assert.Equal(AuthState.Authorized, (await authenticators.Get(account.Name).GetStatusAsync(default)).State);
        if (fault == EntraFault.Throttled)
        {
            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "Retry-After was honoured");
        }
    }

    [Fact]
    public async Task A_token_the_mail_server_refuses_twice_records_mailbox_access_denied_with_the_app_only_hint()
    {
        await using var harness = await AuthHarness.StartAsync(appHasMailbox: false);
        var account = harness.Account(AccountAuthKind.ClientCredentials, MailProtocol.Imap);
        var authenticators = await harness.OpenAsync(account);
        var authenticator = authenticators.Get(account.Name);

        var error = await Assert.ThrowsAsync<AccountAuthException>(() => harness.ConnectIncomingAsync(authenticator));

        Assert.Equal(AuthState.MailboxAccessDenied, error.State);
        var status = await authenticator.GetStatusAsync(default);
        Assert.Equal((AuthState.MailboxAccessDenied, "MailboxAccessDenied"), (status.State, status.ErrorCode));
        Assert.Contains("Add-MailboxPermission", status.Reason);
        Assert.Equal(2, harness.Entra.Issuances.Count(i => i.ClientId == harness.ClientId && i.GrantType == "client_credentials"));
    }

    [Fact]
    public async Task The_keep_alive_refreshes_a_quiet_account_once_the_interval_has_passed()
    {
        await using var harness = await AuthHarness.StartAsync();
        var account = harness.Account(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Imap);
        var authenticators = await harness.OpenAsync(account);
        await harness.SignInWithAuthorizationCodeAsync(authenticators, account.Name);
        var keepAlive = new TokenKeepAlive(authenticators, harness.Time, NullLogger<TokenKeepAlive>.Instance);

        Assert.Empty(await keepAlive.RunOnceAsync(default));
        var before = harness.Entra.Issuances.Count;
        harness.Time.Offset = TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1);

        Assert.Equal([account.Name], await keepAlive.RunOnceAsync(default));
        Assert.Equal("refresh_token", harness.Entra.Issuances[^1].GrantType);
        Assert.Equal(before + 1, harness.Entra.Issuances.Count);
        Assert.Empty(await keepAlive.RunOnceAsync(default));
    }

    [Fact]
    public async Task A_changed_token_cache_key_asks_for_a_new_sign_in_instead_of_failing()
    {
        await using var harness = await AuthHarness.StartAsync();
        var account = harness.Account(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Imap);
        var first = await harness.OpenAsync(account);
        await harness.SignInWithAuthorizationCodeAsync(first, account.Name);
        await harness.CloseAsync(first);
        harness.Key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

        var restarted = await harness.OpenAsync(account);
        var error = await Assert.ThrowsAsync<AccountAuthException>(() => restarted.Get(account.Name).GetCredentialsAsync(false, default));

        Assert.Equal((AuthState.ReauthRequired, "NoCachedAccount"), (error.State, error.ErrorCode));
        Assert.NotNull((await restarted.Get(account.Name).GetStatusAsync(default)).Challenge?.AuthorizationUrl);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("is unreadable", StringComparison.Ordinal));
    }
}
