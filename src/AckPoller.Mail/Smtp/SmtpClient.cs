using System.Globalization;
using System.Text;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Smtp;

/// <summary>An SMTP submission client (RFC 5321) with STARTTLS (RFC 3207), AUTH (RFC 4954) including XOAUTH2 and
/// OAUTHBEARER, SIZE (RFC 1870), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531) and enhanced status codes (RFC 2034).
/// One conversation at a time: not thread-safe. Commands are sent one by one (no PIPELINING): a confirmation mail has
/// one or two recipients, and lock-step keeps every reply tied to its command.</summary>
public sealed class SmtpClient : IMailClient
{
    private readonly MailConnectionOptions _options;
    private SmtpExtensions _extensions = SmtpExtensions.None;
    private string _localDomain = DefaultLocalDomain();

    public SmtpClient(MailConnectionOptions? options = null)
    {
        _options = options ?? new MailConnectionOptions();
    }

    /// <summary>The name sent with EHLO/HELO: the machine name when it is a valid host name, else "localhost".</summary>
    public string LocalDomain
    {
        get => _localDomain;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            if (value.Length > 255 || value.Any(c => c <= ' ' || c >= 0x7F))
            {
                throw new ArgumentException("The EHLO name must be a host name or address literal: printable ASCII, no spaces.", nameof(value));
            }

            _localDomain = value;
        }
    }

    /// <summary>The connection once connected; null before connecting, after a failed connect and after QUIT or disposal.</summary>
    public MailConnection? Connection { get; private set; }

    /// <summary>EHLO keywords, upper-case (STARTTLS, PIPELINING, 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES, AUTH, SIZE...).
    /// Empty after a HELO fallback. Lookups ignore case.</summary>
    public IReadOnlySet<string> Capabilities => _extensions.Keywords;

    /// <summary>The SASL mechanisms the server offers on this connection, upper-case, in its order.</summary>
    public IReadOnlyCollection<string> AuthenticationMechanisms => _extensions.AuthenticationMechanisms;

    /// <summary>The largest message the server accepts (SIZE n), or null when it gave no limit.</summary>
    public long? MaxMessageSize => _extensions.MaxMessageSize;

    public bool IsAuthenticated { get; private set; }

    /// <summary>The SASL mechanism that authenticated this session, once authenticated.</summary>
    public string? AuthenticatedMechanism { get; private set; }

    /// <summary>Connects, reads the greeting, says EHLO (HELO if EHLO is refused) and, for <see cref="TlsMode.StartTls"/>,
    /// upgrades to TLS and says EHLO again. A server that does not offer STARTTLS is refused.</summary>
    public async Task ConnectAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ThrowIfConnected();
        var connection = await MailConnection.ConnectAsync(endpoint, _options, cancellationToken);
        await StartSessionAsync(connection, endpoint.Tls, cancellationToken);
    }

    /// <summary>Like <see cref="ConnectAsync(MailEndpoint, CancellationToken)"/> over an open stream (a transcript, a
    /// tunnel). With <see cref="TlsMode.Implicit"/> the stream must already be TLS (e.g. an authenticated SslStream).</summary>
    public async Task ConnectAsync(Stream stream, string host, int port, TlsMode tls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ThrowIfConnected();
        await StartSessionAsync(MailConnection.FromStream(stream, host, port, _options), tls, cancellationToken);
    }

    /// <summary>Authenticates with SASL: <paramref name="mechanism"/> if given (it must be offered), else the best
    /// offered one for the credentials (XOAUTH2, OAUTHBEARER for tokens; PLAIN, LOGIN for passwords).</summary>
    public async Task AuthenticateAsync(MailCredentials credentials, string? mechanism = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var connection = RequireConnection();
        if (IsAuthenticated)
        {
            throw new InvalidOperationException("Already authenticated; SMTP allows one AUTH per session.");
        }

        if (!Capabilities.Contains("AUTH"))
        {
            var hint = connection.IsSecure ? string.Empty : " before TLS; servers usually offer it only after STARTTLS";
            throw new MailAuthenticationException($"The SMTP server {connection.Host}:{connection.Port} does not offer AUTH{hint}.")
            {
                Mechanism = mechanism?.ToUpperInvariant(),
            };
        }

        var sasl = SaslMechanismFactory.Choose(AuthenticationMechanisms, credentials, connection.Host, connection.Port, mechanism);
        await new SmtpAuthenticator(connection, sasl).AuthenticateAsync(cancellationToken);
        IsAuthenticated = true;
        AuthenticatedMechanism = sasl.Name;
    }

    /// <summary>Sends a message: MAIL FROM (with SIZE, BODY=8BITMIME, SMTPUTF8 as needed), RCPT TO for each recipient,
    /// DATA. Recipients the server refuses are listed in the result; when it refuses all of them the transaction is
    /// reset and an <see cref="SmtpCommandException"/> is thrown. <paramref name="from"/> may be empty (null sender).</summary>
    public async Task<SmtpSendResult> SendAsync(string from, IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var measure = default(SmtpMessageMeasure);
        measure.Add(message.Span);
        return await SendAsync(from, recipients, measure, (writer, ct) => writer.WriteAsync(message, ct), cancellationToken);
    }

    /// <summary>Sends a message read from <paramref name="message"/> from its current position to its end. A seekable
    /// stream is read twice (measured, then sent); any other stream is buffered in memory first.</summary>
    public async Task<SmtpSendResult> SendAsync(string from, IReadOnlyList<string> recipients, Stream message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.CanSeek)
        {
            using var copy = new MemoryStream();
            await message.CopyToAsync(copy, cancellationToken);
            return await SendAsync(from, recipients, copy.GetBuffer().AsMemory(0, (int)copy.Length), cancellationToken);
        }

        var start = message.Position;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var measure = default(SmtpMessageMeasure);
            int read;
            while ((read = await message.ReadAsync(buffer, cancellationToken)) > 0)
            {
                measure.Add(buffer.AsSpan(0, read));
            }

            return await SendAsync(from, recipients, measure, async (writer, ct) =>
            {
                message.Position = start;
                int chunk;
                while ((chunk = await message.ReadAsync(buffer, ct)) > 0)
                {
                    await writer.WriteAsync(buffer.AsMemory(0, chunk), ct);
                }
            }, cancellationToken);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task NoopAsync(CancellationToken cancellationToken) =>
        await ExpectSuccessAsync("NOOP", "NOOP", cancellationToken);

    /// <summary>Aborts the current mail transaction (RSET).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken) =>
        await ExpectSuccessAsync("RSET", "RSET", cancellationToken);

    /// <summary>Says QUIT, reads the 221 and closes the connection. The connection is closed even if QUIT fails.</summary>
    public async Task QuitAsync(CancellationToken cancellationToken)
    {
        var connection = RequireConnection();
        try
        {
            await connection.WriteLineAsync("QUIT", cancellationToken);
            var reply = await SmtpReplyReader.ReadAsync(connection, cancellationToken);
            if (reply.Code != 221)
            {
                throw new SmtpCommandException($"The server answered QUIT with {reply.Code}.", reply);
            }
        }
        finally
        {
            await CloseAsync();
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    private static string DefaultLocalDomain()
    {
        var name = Environment.MachineName;
        var valid = name.Length is > 0 and <= 63
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.')
            && name[0] != '-' && name[^1] != '-';
        return valid ? name.ToLowerInvariant() : "localhost";
    }

    private async Task StartSessionAsync(MailConnection connection, TlsMode tls, CancellationToken cancellationToken)
    {
        Connection = connection;
        try
        {
            var greeting = await SmtpReplyReader.ReadAsync(connection, cancellationToken);
            if (greeting.Code != 220)
            {
                throw new SmtpCommandException($"The SMTP server {connection.Host}:{connection.Port} refused the session: {greeting.Text}", greeting);
            }

            await HelloAsync(connection, cancellationToken);
            if (tls == TlsMode.StartTls)
            {
                await StartTlsAsync(connection, cancellationToken);
                await HelloAsync(connection, cancellationToken);
            }
        }
        catch
        {
            await CloseAsync();
            throw;
        }
    }

    private async Task HelloAsync(MailConnection connection, CancellationToken cancellationToken)
    {
        _extensions = SmtpExtensions.None;
        await connection.WriteLineAsync("EHLO " + _localDomain, cancellationToken);
        var reply = await SmtpReplyReader.ReadAsync(connection, cancellationToken);
        if (reply.Code == 250)
        {
            _extensions = SmtpExtensions.Parse(reply);
            return;
        }

        if (!reply.IsPermanent)
        {
            throw Refused(connection, "EHLO", reply);
        }

        // An RFC 821 server: no extensions.
        await ExpectSuccessAsync(connection, "HELO " + _localDomain, "HELO", cancellationToken);
    }

    private async Task StartTlsAsync(MailConnection connection, CancellationToken cancellationToken)
    {
        if (!Capabilities.Contains("STARTTLS"))
        {
            throw new MailTlsException($"The SMTP server {connection.Host}:{connection.Port} does not offer STARTTLS; refusing to continue without TLS.");
        }

        await connection.WriteLineAsync("STARTTLS", cancellationToken);
        var reply = await SmtpReplyReader.ReadAsync(connection, cancellationToken);
        if (reply.Code != 220)
        {
            throw new MailTlsException($"The SMTP server {connection.Host}:{connection.Port} refused STARTTLS: {reply}") { ServerResponse = reply.ToString() };
        }

        await connection.StartTlsAsync(cancellationToken);
    }

    private async Task<SmtpSendResult> SendAsync(
        string from,
        IReadOnlyList<string> recipients,
        SmtpMessageMeasure measure,
        Func<SmtpDataWriter, CancellationToken, ValueTask> writeMessage,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var connection = RequireConnection();
        if (recipients.Count == 0)
        {
            throw new ArgumentException("At least one recipient is needed.", nameof(recipients));
        }

        var needsUtf8 = SmtpAddress.Validate(from, allowEmpty: true, nameof(from));
        foreach (var recipient in recipients)
        {
            needsUtf8 |= SmtpAddress.Validate(recipient, allowEmpty: false, nameof(recipients));
        }

        var mailFrom = BuildMailFrom(from, measure, needsUtf8);
        await ExpectSuccessAsync(connection, mailFrom, "MAIL FROM", cancellationToken);

        var accepted = new List<string>(recipients.Count);
        var rejected = new List<SmtpRecipientRejection>();
        foreach (var recipient in recipients)
        {
            await connection.WriteLineAsync($"RCPT TO:<{recipient}>", cancellationToken);
            var reply = await SmtpReplyReader.ReadAsync(connection, cancellationToken);
            if (reply.IsSuccess)
            {
                accepted.Add(recipient);
            }
            else
            {
                ThrowIfClosing(connection, "RCPT TO", reply);
                rejected.Add(new SmtpRecipientRejection(recipient, reply.Code, reply.EnhancedStatusCode, reply.ToString()));
            }
        }

        if (accepted.Count == 0)
        {
            await ResetQuietlyAsync(connection, cancellationToken);
            var first = rejected[0];
            var reasons = string.Join("; ", rejected.Select(r => $"<{r.Address}>: {r.ServerResponse.Replace('\n', ' ')}"));
            throw new SmtpCommandException($"The server refused every recipient: {reasons}", first.StatusCode, first.EnhancedStatusCode, first.ServerResponse);
        }

        await connection.WriteLineAsync("DATA", cancellationToken);
        var dataReply = await SmtpReplyReader.ReadAsync(connection, cancellationToken);
        if (dataReply.Code != 354)
        {
            ThrowIfClosing(connection, "DATA", dataReply);
            await ResetQuietlyAsync(connection, cancellationToken);
            throw Refused(connection, "DATA", dataReply);
        }

        using (var writer = new SmtpDataWriter(connection))
        {
            try
            {
                await writeMessage(writer, cancellationToken);
                await writer.CompleteAsync(cancellationToken);
            }
            catch
            {
                // Half a message went out (e.g. the source stream failed): the server is still in DATA, so the
                // conversation cannot continue.
                connection.MarkBroken();
                throw;
            }
        }

        var final = await SmtpReplyReader.ReadAsync(connection, cancellationToken);
        if (!final.IsSuccess)
        {
            ThrowIfClosing(connection, "the message", final);
            throw new SmtpCommandException($"The SMTP server {connection.Host}:{connection.Port} refused the message: {final.Text}", final);
        }

        return new SmtpSendResult(accepted, rejected, final.ToString());
    }

    private string BuildMailFrom(string from, SmtpMessageMeasure measure, bool needsUtf8)
    {
        var command = new StringBuilder("MAIL FROM:<").Append(from).Append('>');
        if (MaxMessageSize is { } max && measure.Size > max)
        {
            throw new SmtpCommandException(
                $"The message is {measure.Size} bytes but the server accepts at most {max} (EHLO: {_extensions.SizeLine}); not sent.",
                552,
                "5.3.4",
                _extensions.SizeLine ?? string.Empty)
            { RaisedByClient = true };
        }

        if (Capabilities.Contains("SIZE"))
        {
            command.Append(" SIZE=").Append(measure.Size.ToString(CultureInfo.InvariantCulture));
        }

        if (measure.HasEightBitData)
        {
            if (!Capabilities.Contains("8BITMIME"))
            {
                throw new SmtpCommandException(
                    "The message has 8-bit data but the server does not advertise 8BITMIME; encode it as 7-bit (quoted-printable or base64). Not sent.",
                    554,
                    "5.6.3",
                    string.Empty)
                { RaisedByClient = true };
            }

            command.Append(" BODY=8BITMIME");
        }

        if (needsUtf8)
        {
            if (!Capabilities.Contains("SMTPUTF8"))
            {
                throw new SmtpCommandException(
                    "An envelope address has non-ASCII characters but the server does not advertise SMTPUTF8. Not sent.",
                    553,
                    "5.6.7",
                    string.Empty)
                { RaisedByClient = true };
            }

            command.Append(" SMTPUTF8");
        }

        return command.ToString();
    }

    private async Task ExpectSuccessAsync(string command, string name, CancellationToken cancellationToken) =>
        await ExpectSuccessAsync(RequireConnection(), command, name, cancellationToken);

    private static async Task ExpectSuccessAsync(MailConnection connection, string command, string name, CancellationToken cancellationToken)
    {
        await connection.WriteLineAsync(command, cancellationToken);
        var reply = await SmtpReplyReader.ReadAsync(connection, cancellationToken);
        if (!reply.IsSuccess)
        {
            throw Refused(connection, name, reply);
        }
    }

    /// <summary>RSET after a failed transaction, so the session can be reused; its own failure does not hide the first.</summary>
    private static async Task ResetQuietlyAsync(MailConnection connection, CancellationToken cancellationToken)
    {
        if (!connection.IsUsable)
        {
            return;
        }

        try
        {
            await connection.WriteLineAsync("RSET", cancellationToken);
            await SmtpReplyReader.ReadAsync(connection, cancellationToken);
        }
        catch (MailException)
        {
            // The connection is marked broken when it matters; the caller gets the original refusal.
        }
    }

    private static SmtpCommandException Refused(MailConnection connection, string command, SmtpReply reply)
    {
        ThrowIfClosing(connection, command, reply);
        return new SmtpCommandException($"The SMTP server {connection.Host}:{connection.Port} refused {command}: {reply.Code} {reply.Text}", reply);
    }

    /// <summary>421: the server is closing the transmission channel (RFC 5321 §3.8); nothing more can be sent on it.</summary>
    private static void ThrowIfClosing(MailConnection connection, string command, SmtpReply reply)
    {
        if (reply.Code == 421)
        {
            connection.MarkBroken();
            throw new SmtpCommandException($"The SMTP server {connection.Host}:{connection.Port} is closing the connection ({command}): {reply.Text}", reply);
        }
    }

    private MailConnection RequireConnection() =>
        Connection ?? throw new InvalidOperationException("The SMTP client is not connected; call ConnectAsync first.");

    private void ThrowIfConnected()
    {
        if (Connection is not null)
        {
            throw new InvalidOperationException("The SMTP client is already connected; use a new client for a new connection.");
        }
    }

    private async Task CloseAsync()
    {
        var connection = Connection;
        Connection = null;
        _extensions = SmtpExtensions.None;
        IsAuthenticated = false;
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
