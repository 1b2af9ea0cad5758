using System.Net.Sockets;
using AckPoller.Mail;
using AckPoller.Mail.Smtp;

namespace AckPoller.Core.MailErrors;

/// <summary>What broke, in the terms the engine decides on.</summary>
public enum MailFailureKind
{
    /// <summary>The server refused the login (password, token, mechanism).</summary>
    Authentication,

    /// <summary>The connection failed or was dropped, timed out, or the server ended the session.</summary>
    Connection,

    /// <summary>TLS could not be set up or trusted, or the server would not offer it.</summary>
    Tls,

    /// <summary>The server said something the client could not read.</summary>
    Protocol,

    /// <summary>The server refused a command (IMAP NO/BAD, POP3 -ERR, SMTP 4xx/5xx).</summary>
    Refused,
}

/// <summary>The one place in Core that turns a mail-layer exception into what the engine needs: the kind, the server's own
/// words, whether the access token expired (fetch a fresh one first), and whether a retry later may succeed. The readers,
/// IDLE, the outbox, the probe and `test` all decide from this rather than from the exception types.</summary>
public sealed record MailFailure(MailFailureKind Kind, string Message, string? ServerWords, bool AccessTokenExpired, bool Transient)
{
    /// <summary>A retry of the same request fails the same way: refused credentials, a refused command, TLS trust.</summary>
    public bool Permanent => !Transient;

    /// <summary>The kind in lower case, as the probe's JSON and the logs name it.</summary>
    public string Label => Kind switch
    {
        MailFailureKind.Authentication => "authentication",
        MailFailureKind.Connection => "connection",
        MailFailureKind.Tls => "tls",
        MailFailureKind.Protocol => "protocol",
        _ => "refused",
    };

    /// <summary>Classifies <paramref name="exception"/>; null when it is not a mail-layer failure (the mail exceptions, and
    /// the I/O, socket and timeout errors a connection raises).</summary>
    public static MailFailure? From(Exception? exception) => exception switch
    {
        MailAuthenticationException auth => new(MailFailureKind.Authentication, auth.Message, auth.ServerResponse, TokenExpired(auth), false),
        MailTlsException tls => new(MailFailureKind.Tls, tls.Message, tls.ServerResponse, false, false),
        MailSessionEndedException ended => new(MailFailureKind.Connection, ended.Message, ended.ServerResponse, ended.IsAccessTokenExpired, true),
        MailConnectionException connection => new(MailFailureKind.Connection, connection.Message, connection.ServerResponse, false, true),
        MailProtocolException protocol => new(MailFailureKind.Protocol, protocol.Message, protocol.ServerResponse, false, true),
        SmtpCommandException smtp => new(MailFailureKind.Refused, smtp.Message, smtp.ServerResponse, false, smtp.IsTransient && !smtp.RaisedByClient),
        MailCommandException command => new(MailFailureKind.Refused, command.Message, command.ServerResponse, false, false),
        MailException other => new(MailFailureKind.Protocol, other.Message, other.ServerResponse, false, false),
        TimeoutException or IOException or SocketException => new(MailFailureKind.Connection, exception.Message, null, false, true),
        _ => null,
    };

    private static bool TokenExpired(MailAuthenticationException auth) =>
        auth.ServerResponse?.Contains("AccessTokenExpired", StringComparison.OrdinalIgnoreCase) == true
        || auth.OAuthError?.Status == "401" && auth.OAuthError.Json.Contains("expired", StringComparison.OrdinalIgnoreCase);
}
