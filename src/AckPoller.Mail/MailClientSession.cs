using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail;

/// <summary>Opening a session the way every caller needs it: connect, authenticate, and on any failure dispose the client
/// so a half-open connection never leaks.</summary>
public static class MailClientSession
{
    /// <summary>Returns <paramref name="client"/> connected and authenticated; disposes it and rethrows when either fails.</summary>
    public static async Task<TClient> OpenAsync<TClient>(this TClient client, MailEndpoint endpoint, MailCredentials credentials, string? mechanism, CancellationToken cancellationToken)
        where TClient : IMailClient
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            await client.ConnectAsync(endpoint, cancellationToken);
            // An IMAP server may greet with PREAUTH: the session is authenticated already, and there is nothing to send.
            if (!client.IsAuthenticated)
            {
                await client.AuthenticateAsync(credentials, mechanism, cancellationToken);
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }
}
