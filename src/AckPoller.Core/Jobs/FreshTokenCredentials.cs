using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Mail.Sasl;

namespace AckPoller.Core.Jobs;

/// <summary>An account's credentials where the first request skips cached access tokens (the server said the token expired).</summary>
internal sealed class FreshTokenCredentials : IAccountCredentials
{
    private readonly IAccountCredentials _inner;
    private int _first = 1;

    public FreshTokenCredentials(IAccountCredentials inner) => _inner = inner;

    public MailAccountOptions Options => _inner.Options;

    public Task<MailCredentials> GetCredentialsAsync(bool forceRefresh, CancellationToken cancellationToken) =>
        _inner.GetCredentialsAsync(forceRefresh || Interlocked.Exchange(ref _first, 0) == 1, cancellationToken);

    public Task RecordMailboxAccessGrantedAsync(CancellationToken cancellationToken) => _inner.RecordMailboxAccessGrantedAsync(cancellationToken);

    public Task RecordMailAuthenticationRejectedAsync(AuthState state, string errorCode, string reason, CancellationToken cancellationToken) =>
        _inner.RecordMailAuthenticationRejectedAsync(state, errorCode, reason, cancellationToken);
}
