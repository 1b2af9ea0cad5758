using AckPoller.Mail.Imap;

namespace AckPoller.Core.Jobs;

/// <summary>Opens an authenticated IMAP connection for an account (the IDLE listener's only way to the server).</summary>
public interface IImapIdleConnector
{
    /// <param name="freshToken">True after the server ended the session because the access token expired: the next
    /// token must come from the token endpoint, not the cache.</param>
    Task<ImapClient> ConnectAsync(string account, bool freshToken, CancellationToken cancellationToken);
}
