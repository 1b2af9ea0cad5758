using System.Security.Cryptography;
using System.Text;
using AckPoller.Core.Auth.Errors;
using AckPoller.Core.Auth.Msal;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Configuration;
using AckPoller.Mail.Sasl;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;
using Polly;

namespace AckPoller.Core.Auth;

/// <summary>Gets mail credentials for one configured account with real MSAL, keeps its auth state, and runs its
/// sign-in flows (authorization code with PKCE and state, device code).</summary>
public sealed class AccountAuthenticator : IAccountCredentials, IAsyncDisposable
{
    private readonly MailAccountOptions _account;
    private readonly MsalApplicationFactory _factory;
    private readonly AuthStateService _states;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly string _key;
    private readonly IReadOnlyList<string> _scopes;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly SemaphoreSlim _challengeGate = new(1, 1);
    private IConfidentialClientApplication? _confidential;
    private IPublicClientApplication? _public;
    private DeviceCodeSignIn? _deviceFlow;
    private int _disposed;

    /// <param name="key">The account's configuration key, e.g. "Accounts:0", for messages about its configuration.</param>
    public AccountAuthenticator(MailAccountOptions account, string key, MsalApplicationFactory factory, AuthStateService states, ResiliencePipeline pipeline, ILogger logger)
    {
        _account = account;
        _key = key;
        _factory = factory;
        _states = states;
        _pipeline = pipeline;
        _logger = logger;
        _scopes = MailScopes.For(account);
    }

    public MailAccountOptions Options => _account;

    public string Name => _account.Name;

    public Task<AccountAuthStatus> GetStatusAsync(CancellationToken cancellationToken) => _states.GetAsync(Name, cancellationToken);

    public async Task<MailCredentials> GetCredentialsAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var kind = Telemetry.TelemetryValues.Of(_account.AuthKind);
        try
        {
            var credentials = await AcquireCredentialsAsync(forceRefresh, cancellationToken);
            Telemetry.AckPollerMetrics.TokenAcquired(Name, kind);
            return credentials;
        }
        catch (AccountAuthException ex)
        {
            Telemetry.AckPollerMetrics.TokenFailed(Name, kind, ex.State is { } state ? Telemetry.TelemetryValues.Of(state) : "transient");
            throw;
        }
    }

    private async Task<MailCredentials> AcquireCredentialsAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (_account.AuthKind == AccountAuthKind.Password)
        {
            return await PasswordCredentialsAsync(cancellationToken);
        }

        if (_account.AuthKind == AccountAuthKind.AccessToken)
        {
            return await AccessTokenCredentialsAsync(cancellationToken);
        }

        AuthenticationResult result;
        try
        {
            result = _account.AuthKind == AccountAuthKind.ClientCredentials
                ? await _pipeline.ExecuteAsync(async token => await Confidential().AcquireTokenForClient(_scopes).WithForceRefresh(forceRefresh).ExecuteAsync(token), cancellationToken)
                : await AcquireSilentAsync(forceRefresh, cancellationToken);
        }
        catch (Exception ex) when (ex is not AccountAuthException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw await FailAsync(MsalErrorClassifier.Classify(ex, _states.Time.GetUtcNow()), ex, cancellationToken);
        }

        await RecordTokenAsync(result, signIn: false, cancellationToken);
        return MailCredentials.FromAccessToken(_account.LoginName, result.AccessToken);
    }

    /// <summary>Creates a fresh authorization URL (PKCE, state) and stores its secret half so the callback can finish it.
    /// The account's state is not changed: a working account keeps working until the new sign-in completes.</summary>
    public async Task<SignInChallenge> BeginAuthorizationCodeSignInAsync(CancellationToken cancellationToken)
    {
        if (_account.AuthKind != AccountAuthKind.DelegatedAuthorizationCode)
        {
            throw new InvalidOperationException($"Account {Name} is configured for {_account.AuthKind}, not the authorization-code flow.");
        }

        var (challenge, pending) = await CreateAuthorizationChallengeAsync(cancellationToken);
        await _states.UpdateAsync(Name, s => s with { Challenge = challenge, Pending = pending }, cancellationToken);
        return challenge;
    }

    /// <summary>Finishes the authorization-code flow with the code from the callback; the state value was checked by
    /// the caller against the stored one.</summary>
    public async Task CompleteAuthorizationCodeAsync(string code, PendingAuthorization pending, CancellationToken cancellationToken)
    {
        string verifier;
        try
        {
            verifier = Encoding.UTF8.GetString(_factory.Cipher.Decrypt(pending.EncryptedCodeVerifier, PkceAssociatedData));
        }
        catch (TokenCache.TokenCacheDecryptionException ex)
        {
            throw new AccountAuthException(Name, null, "pkce", "The pending sign-in cannot be read (the token cache key changed). Start the sign-in again.", ex);
        }

        AuthenticationResult result;
        try
        {
            result = await _pipeline.ExecuteAsync(
                async token => await Confidential().AcquireTokenByAuthorizationCode(_scopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync(token),
                cancellationToken);
        }
        catch (Exception ex) when (ex is not AccountAuthException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw await FailAsync(MsalErrorClassifier.Classify(ex, _states.Time.GetUtcNow()), ex, cancellationToken);
        }

        await RecordTokenAsync(result, signIn: true, cancellationToken);
    }

    /// <summary>Starts a device-code sign-in and returns once the code is known; polling (at the interval the server
    /// asked for) continues until the user signs in, the code expires, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task<DeviceCodeSignIn> BeginDeviceCodeSignInAsync(CancellationToken cancellationToken)
    {
        if (!_account.IsDelegated)
        {
            throw new InvalidOperationException($"Account {Name} uses {_account.AuthKind}; device-code sign-in is for delegated accounts.");
        }

        var codeReady = new TaskCompletionSource<SignInChallenge>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flowToken = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token, cancellationToken);
        var completion = RunDeviceCodeFlowAsync(codeReady, flowToken);
        var first = await Task.WhenAny(codeReady.Task, completion).WaitAsync(cancellationToken);
        if (first == completion)
        {
            await completion;
        }

        return new DeviceCodeSignIn(await codeReady.Task, completion);
    }

    /// <summary>A sign-in for a person to do now (the status page's "Sign in" button): the stored challenge while it
    /// still works, so repeated requests do not issue new links or codes; otherwise a new one in the account's flow
    /// (authorization code, or a device code polled in the background until it is used or expires). The state itself
    /// is not changed: the sign-in's completion makes the account Authorized.</summary>
    public async Task<SignInChallenge> StartSignInAsync(CancellationToken cancellationToken)
    {
        if (!_account.IsDelegated)
        {
            throw new InvalidOperationException($"Account {Name} uses {_account.AuthKind}; nobody signs it in.");
        }

        await _challengeGate.WaitAsync(cancellationToken);
        try
        {
            var current = await _states.GetAsync(Name, cancellationToken);
            if (IsUsable(current, _states.Time.GetUtcNow()))
            {
                return current.Challenge!;
            }

            var (challenge, pending) = await IssueChallengeAsync(cancellationToken);
            await _states.UpdateAsync(Name, s => s with { Challenge = challenge, Pending = pending }, cancellationToken);
            return challenge;
        }
        finally
        {
            _challengeGate.Release();
        }
    }

    /// <summary>Forgets the sign-in: token caches deleted, state Unconfigured.</summary>
    public async Task SignOutAsync(ITokenCacheStore caches, CancellationToken cancellationToken)
    {
        await caches.DeleteAsync(Name, cancellationToken);
        await _states.UpdateAsync(Name, s => s with
        {
            State = AuthState.Unconfigured,
            Reason = "Signed out by an administrator.",
            ErrorCode = null,
            Challenge = null,
            Pending = null,
            HomeAccountId = null,
            LastRefreshAt = null,
        }, cancellationToken);
    }

    public async Task RecordMailboxAccessGrantedAsync(CancellationToken cancellationToken)
    {
        var status = await _states.GetAsync(Name, cancellationToken);
        if (status.State is AuthState.MailboxAccessDenied || (status.State == AuthState.Unconfigured && !_account.UsesMsal))
        {
            await _states.UpdateAsync(Name, s => s with { State = AuthState.Authorized, Reason = null, ErrorCode = null }, cancellationToken);
        }
    }

    public async Task RecordMailAuthenticationRejectedAsync(AuthState state, string errorCode, string reason, CancellationToken cancellationToken) =>
        await _states.UpdateAsync(Name, s => s with { State = state, ErrorCode = errorCode, Reason = reason }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _lifetime.CancelAsync();
        if (_deviceFlow is { } flow)
        {
            try
            {
                await flow.Completion;
            }
            catch (Exception)
            {
                // Cancelled or failed: either way it is over.
            }
        }

        _lifetime.Dispose();
        _challengeGate.Dispose();
    }

    private string PkceAssociatedData => $"ackpoller-pkce:{Name}";

    private async Task<MailCredentials> PasswordCredentialsAsync(CancellationToken cancellationToken)
    {
        var password = _factory.Secrets.Password(_account);
        if (password is null)
        {
            const string reason = "The password is empty: set the environment variable named by PasswordEnv or the file named by PasswordFile.";
            await _states.UpdateAsync(Name, s => s with { State = AuthState.CredentialInvalid, ErrorCode = "PasswordMissing", Reason = reason }, cancellationToken);
            throw new AccountAuthException(Name, AuthState.CredentialInvalid, "PasswordMissing", reason);
        }

        return MailCredentials.FromPassword(_account.LoginName, password);
    }

    /// <summary>The token as the outside agent last wrote it. Readable: Authorized (a MailboxAccessDenied stays until the
    /// mail server accepts a token); missing or empty: CredentialInvalid, naming the key.</summary>
    private async Task<MailCredentials> AccessTokenCredentialsAsync(CancellationToken cancellationToken)
    {
        var token = _factory.Secrets.AccessToken(_account);
        if (token is null)
        {
            var reason = AccessTokenMissingReason();
            await _states.UpdateAsync(Name, s => s with { State = AuthState.CredentialInvalid, ErrorCode = "AccessTokenMissing", Reason = reason }, cancellationToken);
            throw new AccountAuthException(Name, AuthState.CredentialInvalid, "AccessTokenMissing", reason);
        }

        var status = await _states.GetAsync(Name, cancellationToken);
        if (status.State is AuthState.Unconfigured or AuthState.CredentialInvalid)
        {
            await _states.UpdateAsync(Name, s => s with { State = AuthState.Authorized, ErrorCode = null, Reason = null }, cancellationToken);
        }

        return MailCredentials.FromAccessToken(_account.LoginName, token);
    }

    private string AccessTokenMissingReason()
    {
        if (!string.IsNullOrWhiteSpace(_account.AccessTokenEnv))
        {
            return $"{_key}:AccessTokenEnv: environment variable {_account.AccessTokenEnv} is not set or empty; whatever provides the token has not set it.";
        }

        if (!string.IsNullOrWhiteSpace(_account.AccessTokenFile))
        {
            return File.Exists(_account.AccessTokenFile)
                ? $"{_key}:AccessTokenFile: {_account.AccessTokenFile} is empty; whatever writes the token (a sidecar, a cron job, a vault agent) has not written one."
                : $"{_key}:AccessTokenFile: {_account.AccessTokenFile} does not exist; whatever writes the token (a sidecar, a cron job, a vault agent) has not written one.";
        }

        return $"{_key}:AccessTokenFile: no access token is configured: set AccessTokenFile or AccessTokenEnv.";
    }

    private async Task<AuthenticationResult> AcquireSilentAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var status = await _states.GetAsync(Name, cancellationToken);
        if (status.HomeAccountId is null)
        {
            throw await FailAsync(new AuthFailure(AuthFailureKind.ReauthRequired, "NotSignedIn", "Nobody has signed this account in yet. Sign in with the link or code."), null, cancellationToken);
        }

        IClientApplicationBase app = _account.AuthKind == AccountAuthKind.DelegatedDeviceCode ? Public() : Confidential();
        var caches = _factory.Caches;

        // The cache as it was when this caller decided to force a refresh: if it changed while waiting for the lock,
        // another node has just refreshed, and its token is the one to use.
        var seen = forceRefresh ? await CacheVersionAsync(caches, cancellationToken) : VersionedTokenCache.Absent;
        var result = await _pipeline.ExecuteAsync(
            async token =>
            {
                // One refresher per account at a time, across nodes: the lock is held from the reload of the cache through
                // MSAL's refresh to the save of the rotated refresh token.
                await using var refreshLock = await caches.LockRefreshAsync(Name, token);
                var force = forceRefresh;
                if (force && await CacheVersionAsync(caches, token) != seen)
                {
                    force = false;
                    AuthLog.UsingTokenRefreshedByAnotherNode(_logger, Name);
                }
                else if (refreshLock.Waited)
                {
                    AuthLog.WaitedForAnotherTokenRefresh(_logger, Name);
                }

                // MSAL reloads the cache from the store before reading it: a node that waited sees the other's new tokens,
                // and refreshes only if they are not fresh either.
                var account = await app.GetAccountAsync(status.HomeAccountId);
                return account is null ? null : await app.AcquireTokenSilent(_scopes, account).WithForceRefresh(force).ExecuteAsync(token);
            },
            cancellationToken);
        return result ?? throw await FailAsync(new AuthFailure(AuthFailureKind.ReauthRequired, "NoCachedAccount",
            "The token cache holds no sign-in for this account (it was deleted or could not be decrypted). Sign in again."), null, cancellationToken);
    }

    private async Task<long> CacheVersionAsync(ITokenCacheStore caches, CancellationToken cancellationToken) =>
        (await caches.LoadVersionedAsync(Name, TokenCache.EncryptedTokenCache.UserCache, cancellationToken))?.Version ?? VersionedTokenCache.Absent;

    private async Task RecordTokenAsync(AuthenticationResult result, bool signIn, CancellationToken cancellationToken)
    {
        var fromEndpoint = result.AuthenticationResultMetadata?.TokenSource == TokenSource.IdentityProvider;
        var homeAccountId = result.Account?.HomeAccountId?.Identifier;
        if (!signIn && !fromEndpoint)
        {
            // A cached access token proves nothing new: the state (and any sign-in link already sent) stays as it is.
            return;
        }

        var now = _states.Time.GetUtcNow();
        await _states.UpdateAsync(Name, s => s with
        {
            // A token endpoint success does not prove the mail server accepts it: MailboxAccessDenied is cleared by the mail side.
            State = !signIn && s.State == AuthState.MailboxAccessDenied ? AuthState.MailboxAccessDenied : AuthState.Authorized,
            Reason = !signIn && s.State == AuthState.MailboxAccessDenied ? s.Reason : null,
            ErrorCode = !signIn && s.State == AuthState.MailboxAccessDenied ? s.ErrorCode : null,
            Challenge = null,
            Pending = null,
            HomeAccountId = homeAccountId ?? s.HomeAccountId,
            LastRefreshAt = fromEndpoint || signIn ? now : s.LastRefreshAt,
        }, cancellationToken);
    }

    private async Task<AccountAuthException> FailAsync(AuthFailure failure, Exception? cause, CancellationToken cancellationToken)
    {
        switch (failure.Kind)
        {
            case AuthFailureKind.Transient:
                AuthLog.TokenRequestFailedTemporarily(_logger, Name, failure.ErrorCode, failure.Reason);
                return new AccountAuthException(Name, null, failure.ErrorCode, failure.Reason, cause);

            case AuthFailureKind.CredentialInvalid:
                await _states.UpdateAsync(Name, s => s with
                {
                    State = AuthState.CredentialInvalid,
                    Reason = failure.Reason,
                    ErrorCode = failure.ErrorCode,
                    Challenge = null,
                    Pending = null,
                }, cancellationToken);
                return new AccountAuthException(Name, AuthState.CredentialInvalid, failure.ErrorCode, failure.Reason, cause);

            default:
                await EnterReauthRequiredAsync(failure, cancellationToken);
                return new AccountAuthException(Name, AuthState.ReauthRequired, failure.ErrorCode, failure.Reason, cause);
        }
    }

    /// <summary>ReauthRequired with a sign-in challenge. An unexpired challenge already issued is kept, so the link or
    /// code sent to admins stays valid.</summary>
    private async Task EnterReauthRequiredAsync(AuthFailure failure, CancellationToken cancellationToken)
    {
        await _challengeGate.WaitAsync(cancellationToken);
        try
        {
            var current = await _states.GetAsync(Name, cancellationToken);
            var now = _states.Time.GetUtcNow();
            var challenge = current.Challenge;
            var pending = current.Pending;
            var reason = failure.Reason;
            var keep = current.State == AuthState.ReauthRequired && IsUsable(current, now);
            if (!keep)
            {
                try
                {
                    (challenge, pending) = await IssueChallengeAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    AuthLog.CouldNotPrepareSignInChallenge(_logger, ex, Name, ex.Message);
                    challenge = null;
                    pending = null;
                    reason += " (A sign-in link could not be prepared just now; it will be retried.)";
                }
            }

            await _states.UpdateAsync(Name, s => s with
            {
                State = AuthState.ReauthRequired,
                Reason = reason,
                ErrorCode = failure.ErrorCode,
                Challenge = challenge,
                Pending = pending,
            }, cancellationToken);
        }
        finally
        {
            _challengeGate.Release();
        }
    }

    /// <summary>True while the stored challenge still works: not expired, of this account's flow, and its other half
    /// still held (the PKCE verifier, or the device-code flow polling in this process).</summary>
    private bool IsUsable(AccountAuthStatus current, DateTimeOffset now) =>
        current.Challenge is { } challenge && !challenge.IsExpired(now)
        && challenge.IsDeviceCode == (_account.AuthKind == AccountAuthKind.DelegatedDeviceCode)
        && (challenge.IsDeviceCode ? _deviceFlow is { Completion.IsCompleted: false } : current.Pending is not null);

    /// <summary>A new challenge in the account's own flow; a device code keeps being polled in the background (until it
    /// is used, expires, or this authenticator is disposed).</summary>
    private async Task<(SignInChallenge Challenge, PendingAuthorization? Pending)> IssueChallengeAsync(CancellationToken cancellationToken)
    {
        if (_account.AuthKind == AccountAuthKind.DelegatedDeviceCode)
        {
            _deviceFlow = await BeginDeviceCodeSignInAsync(CancellationToken.None).WaitAsync(cancellationToken);
            _ = _deviceFlow.Completion.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return (_deviceFlow.Challenge, null);
        }

        return await CreateAuthorizationChallengeAsync(cancellationToken);
    }

    private async Task<(SignInChallenge Challenge, PendingAuthorization Pending)> CreateAuthorizationChallengeAsync(CancellationToken cancellationToken)
    {
        var url = await Confidential().GetAuthorizationRequestUrl(_scopes)
            .WithPkce(out var verifier)
            .WithLoginHint(_account.LoginName)
            .ExecuteAsync(cancellationToken);
        var state = QueryString.Get(url.Query, "state");
        if (string.IsNullOrEmpty(state))
        {
            state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            url = new Uri(url.AbsoluteUri + (url.Query.Length > 0 ? "&" : "?") + "state=" + state);
        }

        var pending = new PendingAuthorization(state, _factory.Cipher.Encrypt(Encoding.UTF8.GetBytes(verifier), PkceAssociatedData));
        return (new SignInChallenge { AuthorizationUrl = url }, pending);
    }

    private async Task RunDeviceCodeFlowAsync(TaskCompletionSource<SignInChallenge> codeReady, CancellationTokenSource flowToken)
    {
        using var _ = flowToken;
        try
        {
            var result = await Public().AcquireTokenWithDeviceCode(_scopes, code =>
            {
                codeReady.TrySetResult(new SignInChallenge
                {
                    UserCode = code.UserCode,
                    VerificationUrl = Uri.TryCreate(code.VerificationUrl, UriKind.Absolute, out var verification) ? verification : null,
                    ExpiresAt = code.ExpiresOn,
                });
                AuthLog.DeviceCodeSignIn(_logger, Name, code.VerificationUrl, code.UserCode, code.ExpiresOn);
                return Task.CompletedTask;
            }).ExecuteAsync(flowToken.Token);
            await RecordTokenAsync(result, signIn: true, CancellationToken.None);
        }
        catch (Exception ex) when (!codeReady.Task.IsCompleted)
        {
            codeReady.TrySetException(ex);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AuthLog.DeviceCodeSignInFailed(_logger, Name, ex is MsalException msal ? msal.ErrorCode + ": " + ex.Message : ex.Message);
            throw;
        }
    }

    private IConfidentialClientApplication Confidential() => _confidential ??= _factory.CreateConfidential(_account);

    private IPublicClientApplication Public() => _public ??= _factory.CreatePublic(_account);
}
