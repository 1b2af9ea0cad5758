using AckPoller.Mail;
using AckPoller.Core.Auth;
using AckPoller.Core.Diagnostics;
using AckPoller.Core.MailErrors;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Jobs;

/// <summary>Connects and authenticates through <see cref="AuthenticatedMailSession"/> (one token refresh when the
/// server refuses a token, auth state kept) inside the server's connection pipeline (retries, timeout, circuit).</summary>
public sealed class ImapIdleConnector : IImapIdleConnector
{
    private readonly AccountAuthenticators _accounts;
    private readonly MailPipelines _pipelines;
    private readonly MailConnectionOptions _connection;
    private readonly ILoggerFactory _loggers;

    public ImapIdleConnector(AccountAuthenticators accounts, MailPipelines pipelines, MailConnectionOptions connection, ILoggerFactory loggers)
    {
        _accounts = accounts;
        _pipelines = pipelines;
        _connection = connection;
        _loggers = loggers;
    }

    public async Task<ImapClient> ConnectAsync(string account, bool freshToken, CancellationToken cancellationToken)
    {
        var authenticator = _accounts.Get(account);
        IAccountCredentials credentials = freshToken ? new FreshTokenCredentials(authenticator) : authenticator;
        var session = new AuthenticatedMailSession(credentials, _loggers.CreateLogger($"AckPoller.Idle.{account}"));
        var server = AccountServers.Incoming(authenticator.Options);
        return await _pipelines.Connection(server).ExecuteAsync(
            async token => await session.RunAsync((mailCredentials, t) => new ImapClient(_connection).OpenAsync(server, mailCredentials, null, t), token),
            cancellationToken);
    }
}
