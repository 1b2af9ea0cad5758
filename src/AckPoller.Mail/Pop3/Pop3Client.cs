using System.Globalization;
using System.Runtime.CompilerServices;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Pop3;

/// <summary>A POP3 client (RFC 1939) with CAPA (RFC 2449), STLS (RFC 2595) and SASL AUTH (RFC 5034).
/// One instance is one session: connect, authenticate, work with the maildrop, QUIT to commit deletions.
/// Disposing without QUIT closes the connection and the server forgets the deletions. Not thread-safe.</summary>
public sealed class Pop3Client : IMailClient
{
    /// <summary>The default <see cref="MaxMessageSize"/>: 64 MiB.</summary>
    public const long DefaultMaxMessageSize = 64L * 1024 * 1024;

    private readonly MailConnectionOptions _options;
    private Pop3Channel? _channel;
    private Pop3Capabilities _capabilities = Pop3Capabilities.Empty;
    private Pop3State _state = Pop3State.NotConnected;
    private TlsMode _tls;

    // The sizes from the last LIST: a maildrop does not change during a session (RFC 1939 §4), so they stay valid.
    private Dictionary<int, long>? _listedSizes;

    public Pop3Client(MailConnectionOptions? options = null)
    {
        _options = options ?? new MailConnectionOptions();
    }

    /// <summary>The largest message RETR/TOP accepts, in octets after dot-unstuffing. A bigger one fails with a
    /// <see cref="MailProtocolException"/> and the connection is dropped (the rest of it cannot be skipped safely).</summary>
    public long MaxMessageSize
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = DefaultMaxMessageSize;

    /// <summary>How many RETR commands <see cref="RetrieveManyAsync"/> keeps in flight when the server offers PIPELINING;
    /// a long retrieval in bulk mode may keep more (up to <see cref="Pop3BulkRetrieval.MaxPipelineDepth"/>) so that over
    /// a low-water mark of answers is on its way.</summary>
    public int MaxPipelinedCommands
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 16;

    /// <summary>The connection, once connected (for TLS details and diagnostics).</summary>
    public MailConnection? Connection => _channel?.Connection;

    /// <summary>The CAPA tags, upper-case (e.g. UIDL, SASL, TOP, STLS, PIPELINING); empty if the server has no CAPA.</summary>
    public IReadOnlySet<string> Capabilities => _capabilities.Tags;

    /// <summary>The SASL mechanisms from the CAPA "SASL" line, upper-case, in the server's order.</summary>
    public IReadOnlyCollection<string> AuthenticationMechanisms => _capabilities.Mechanisms;

    public bool IsAuthenticated => _state == Pop3State.Transaction;

    /// <summary>The SASL mechanism (or "USER" for USER/PASS) that authenticated this session, once authenticated.</summary>
    public string? AuthenticatedMechanism { get; private set; }

    /// <summary>Connects, reads the greeting and CAPA; with <see cref="TlsMode.StartTls"/> upgrades with STLS
    /// (refusing to go on if the server does not offer it) and asks CAPA again.</summary>
    public async Task ConnectAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        RequireState(Pop3State.NotConnected, "connect");
        var connection = await MailConnection.ConnectAsync(endpoint, _options, cancellationToken);
        await StartSessionAsync(connection, endpoint.Tls, cancellationToken);
    }

    /// <summary>Runs the session over an already-open stream (a transcript, a tunnel). With <see cref="TlsMode.Implicit"/>
    /// the stream is expected to be TLS already; with <see cref="TlsMode.StartTls"/> STLS upgrades it.</summary>
    public async Task ConnectAsync(Stream stream, string host, int port, TlsMode tls, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(host);
        RequireState(Pop3State.NotConnected, "connect");
        await StartSessionAsync(MailConnection.FromStream(stream, host, port, _options), tls, ct);
    }

    /// <summary>Authenticates with SASL: <paramref name="mechanism"/> if given, else the best offered one for the
    /// credentials (XOAUTH2, OAUTHBEARER for tokens; PLAIN, LOGIN for passwords).</summary>
    public async Task AuthenticateAsync(MailCredentials credentials, string? mechanism = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var channel = RequireCredentialsAllowed();
        if (ShouldFallBackToUserPass(channel, credentials, mechanism))
        {
            await LoginAsync(credentials.UserName, credentials.Secret, cancellationToken);
            return;
        }

        var sasl = SaslMechanismFactory.Choose(_capabilities.Mechanisms, credentials, channel.Connection.Host, channel.Connection.Port, mechanism);
        await Pop3SaslAuthenticator.AuthenticateAsync(channel, sasl, cancellationToken);
        _state = Pop3State.Transaction;
        AuthenticatedMechanism = sasl.Name;
    }

    /// <summary>Logs in with USER and PASS (RFC 1939 §7).</summary>
    public async Task LoginAsync(string user, string password, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (user.AsSpan().IndexOfAny('\r', '\n') >= 0 || password.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("The user name and password must not contain line breaks.");
        }

        var channel = RequireCredentialsAllowed();
        await channel.SendAsync("USER " + user, ct);
        await ExpectLoginStepAsync(channel, ct);
        await channel.SendSecretCommandAsync("PASS ", password, ct);
        await ExpectLoginStepAsync(channel, ct);
        _state = Pop3State.Transaction;
        AuthenticatedMechanism = "USER";
    }

    /// <summary>STAT: the number of messages and their total size.</summary>
    public async Task<Pop3Stat> StatAsync(CancellationToken ct)
    {
        var channel = RequireTransaction();
        var status = await channel.ExecuteAsync("STAT", ct);
        if (!Pop3ListParser.TryParseNumberAndSize(status.Text.Span, out var count, out var size))
        {
            throw channel.Garbage($"The POP3 server sent a malformed STAT answer: '{Pop3Channel.Quote(status.Text.Span)}'.");
        }

        return new Pop3Stat(count, size);
    }

    /// <summary>LIST: every message number with its size.</summary>
    public async Task<IReadOnlyList<Pop3Listing>> ListAsync(CancellationToken ct)
    {
        var channel = RequireTransaction();
        await channel.ExecuteAsync("LIST", ct);
        var listings = new List<Pop3Listing>();
        while (await channel.ReadDataLineAsync(ct) is { } line)
        {
            if (!Pop3ListParser.TryParseNumberAndSize(line.Span, out var number, out var size) || number < 1)
            {
                throw channel.Garbage($"The POP3 server sent a malformed LIST line: '{Pop3Channel.Quote(line.Span)}'.");
            }

            listings.Add(new Pop3Listing(number, size));
        }

        var sizes = new Dictionary<int, long>(listings.Count);
        foreach (var listing in listings)
        {
            sizes[listing.MessageNumber] = listing.Size;
        }

        _listedSizes = sizes;
        return listings;
    }

    /// <summary>UIDL: every message number with its unique id.</summary>
    public async Task<IReadOnlyList<Pop3UidListing>> UidlAsync(CancellationToken ct)
    {
        var channel = RequireTransaction();
        await channel.ExecuteAsync("UIDL", ct);
        var listings = new List<Pop3UidListing>();
        while (await channel.ReadDataLineAsync(ct) is { } line)
        {
            if (!Pop3ListParser.TryParseUid(line.Span, out var number, out var uid))
            {
                throw channel.Garbage($"The POP3 server sent a malformed UIDL line: '{Pop3Channel.Quote(line.Span)}'.");
            }

            listings.Add(new Pop3UidListing(number, uid));
        }

        return listings;
    }

    /// <summary>RETR: the whole message, dot-unstuffed, every line ending in CRLF. A large one (by the server's
    /// "+OK n octets") is received in bulk, with few wake-ups (see <see cref="Pop3BulkRetrieval"/>).</summary>
    public async Task<byte[]> RetrieveAsync(int messageNumber, CancellationToken ct)
    {
        var channel = RequireTransaction();
        var status = await channel.ExecuteAsync("RETR " + Number(messageNumber), ct);
        var hint = OctetsHint(status.Text.Span);
        using var sink = Pop3MessageSink.ForArray(hint, MaxMessageSize);
        await channel.ReadMessageAsync(sink, MaxMessageSize, messageNumber, ct, hint);
        return sink.ToArray();
    }

    /// <summary>RETR straight into <paramref name="destination"/> in chunks. If it fails midway, part of the
    /// message may already have been written.</summary>
    public async Task RetrieveAsync(int messageNumber, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var channel = RequireTransaction();
        var status = await channel.ExecuteAsync("RETR " + Number(messageNumber), ct);
        var hint = OctetsHint(status.Text.Span);
        using var sink = Pop3MessageSink.ForStream(destination);
        await channel.ReadMessageAsync(sink, MaxMessageSize, messageNumber, ct, hint);
    }

    /// <summary>RETR for several messages, yielded in the given order. When the server advertises PIPELINING, up to
    /// <see cref="MaxPipelinedCommands"/> RETR commands are in flight at once, which saves a round trip per message;
    /// otherwise they go one at a time. A -ERR for one message ends the enumeration with a <see cref="MailCommandException"/>;
    /// that, or stopping the enumeration early, first reads the answers still outstanding, so the session stays usable.
    /// A long pipelined retrieval — by the sizes from an earlier <see cref="ListAsync"/>, or of many messages — is
    /// received in bulk (few wake-ups per megabyte, see <see cref="Pop3BulkRetrieval"/>) with a deeper pipeline.</summary>
    public async IAsyncEnumerable<Pop3Message> RetrieveManyAsync(IReadOnlyList<int> messageNumbers, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messageNumbers);
        var channel = RequireTransaction();
        var commands = messageNumbers.Select(number => "RETR " + Number(number)).ToArray();
        var depth = Capabilities.Contains("PIPELINING") ? MaxPipelinedCommands : 1;
        var sent = 0;
        var answered = 0;
        // Ended before the outstanding answers are discarded in the finally block, which then reads them as usual.
        var bulk = depth > 1 ? Pop3BulkRetrieval.Start(channel.Connection, messageNumbers, _listedSizes) : null;
        try
        {
            while (answered < commands.Length)
            {
                var inFlight = bulk?.PipelineDepth(answered, depth) ?? depth;
                if (sent < commands.Length && sent - answered <= inFlight / 2)
                {
                    var upTo = Math.Min(commands.Length, answered + inFlight);
                    await channel.SendBatchAsync(commands[sent..upTo], ct);
                    sent = upTo;
                }

                // Counted as answered before reading: a -ERR is a complete answer; anything worse breaks the connection.
                var index = answered++;
                var status = await channel.ExpectOkAsync(commands[index], ct);
                var number = messageNumbers[index];
                var hint = OctetsHint(status.Text.Span);
                var sink = Pop3MessageSink.ForArray(hint, MaxMessageSize);
                await channel.ReadMessageAsync(sink, MaxMessageSize, number, ct, bulk is { IsActive: true } ? 0 : hint);
                bulk?.Received(answered);
                yield return new Pop3Message(number, sink.ToArray());
            }
        }
        finally
        {
            bulk?.Dispose();
            if (answered < sent && channel.Connection.IsUsable)
            {
                await DiscardOutstandingAsync(channel, sent - answered, ct);
            }
        }
    }

    /// <summary>TOP: the header and the first <paramref name="lines"/> lines of the body.</summary>
    public async Task<byte[]> TopAsync(int messageNumber, int lines, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        var channel = RequireTransaction();
        await channel.ExecuteAsync("TOP " + Number(messageNumber) + " " + lines.ToString(CultureInfo.InvariantCulture), ct);
        using var sink = Pop3MessageSink.ForArray(0, MaxMessageSize);
        await channel.ReadMessageAsync(sink, MaxMessageSize, messageNumber, ct);
        return sink.ToArray();
    }

    /// <summary>DELE: marks a message deleted; the server removes it at QUIT.</summary>
    public async Task DeleteAsync(int messageNumber, CancellationToken ct) =>
        await RequireTransaction().ExecuteAsync("DELE " + Number(messageNumber), ct);

    public async Task NoopAsync(CancellationToken ct) => await RequireTransaction().ExecuteAsync("NOOP", ct);

    /// <summary>RSET: unmarks every message marked deleted in this session.</summary>
    public async Task ResetAsync(CancellationToken ct) => await RequireTransaction().ExecuteAsync("RSET", ct);

    /// <summary>QUIT: ends the session; after login this commits the deletions. The connection is closed either way.</summary>
    public async Task QuitAsync(CancellationToken ct)
    {
        if (_state is not (Pop3State.Authorization or Pop3State.Transaction) || _channel is null)
        {
            throw new InvalidOperationException("QUIT needs a connected POP3 session.");
        }

        var channel = _channel;
        try
        {
            await channel.ExecuteAsync("QUIT", ct);
        }
        finally
        {
            _state = Pop3State.Closed;
            await channel.Connection.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _state = Pop3State.Closed;
        if (_channel is not null)
        {
            await _channel.Connection.DisposeAsync();
        }
    }

    private static async Task DiscardOutstandingAsync(Pop3Channel channel, int count, CancellationToken ct)
    {
        try
        {
            await channel.DiscardMultilineAnswersAsync(count, ct);
        }
        catch (Exception ex) when (ex is MailException or OperationCanceledException)
        {
            // Out of step with the server now; the original error (if any) is the one worth reporting.
            channel.Connection.MarkBroken();
        }
    }

    private static async Task ExpectLoginStepAsync(Pop3Channel channel, CancellationToken ct)
    {
        var status = await channel.ReadStatusAsync(allowContinuation: false, ct);
        if (status.Kind == Pop3StatusKind.Error)
        {
            var text = status.GetText();
            throw new MailAuthenticationException($"The POP3 server rejected the USER/PASS login: {text}", text)
            {
                Mechanism = "USER",
                ResponseCode = status.GetResponseCode(),
            };
        }
    }

    // Dovecot and others answer RETR with "+OK <size> octets"; the size presizes the result array.
    private static long OctetsHint(ReadOnlySpan<byte> text) => Pop3ListParser.LeadingSize(text);

    private static string Number(int messageNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messageNumber, 1);
        return messageNumber.ToString(CultureInfo.InvariantCulture);
    }

    private async Task StartSessionAsync(MailConnection connection, TlsMode tls, CancellationToken ct)
    {
        var channel = new Pop3Channel(connection);
        try
        {
            var greeting = await channel.ReadStatusAsync(allowContinuation: false, ct);
            if (greeting.Kind == Pop3StatusKind.Error)
            {
                throw Pop3Channel.CommandFailed("the connection", greeting);
            }

            var capabilities = await ReadCapabilitiesAsync(channel, ct);
            if (tls == TlsMode.StartTls)
            {
                await UpgradeAsync(channel, capabilities, ct);
                capabilities = await ReadCapabilitiesAsync(channel, ct);
            }

            _capabilities = capabilities;
            _tls = tls;
            _channel = channel;
            _state = Pop3State.Authorization;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task UpgradeAsync(Pop3Channel channel, Pop3Capabilities capabilities, CancellationToken ct)
    {
        var connection = channel.Connection;
        if (!capabilities.Tags.Contains("STLS"))
        {
            throw new MailTlsException($"The POP3 server {connection.Host}:{connection.Port} does not offer STLS, so TLS cannot be started; refusing to continue without it.");
        }

        await channel.SendAsync("STLS", ct);
        var status = await channel.ReadStatusAsync(allowContinuation: false, ct);
        if (status.Kind == Pop3StatusKind.Error)
        {
            var text = status.GetText();
            throw new MailTlsException($"The POP3 server {connection.Host}:{connection.Port} refused STLS: {text}") { ServerResponse = text };
        }

        await connection.StartTlsAsync(ct);
    }

    private static async Task<Pop3Capabilities> ReadCapabilitiesAsync(Pop3Channel channel, CancellationToken ct)
    {
        await channel.SendAsync("CAPA", ct);
        var status = await channel.ReadStatusAsync(allowContinuation: false, ct);
        if (status.Kind == Pop3StatusKind.Error)
        {
            // A server without CAPA (RFC 1939 only) is allowed; it just advertises nothing.
            return Pop3Capabilities.Empty;
        }

        var capabilities = new Pop3Capabilities();
        while (await channel.ReadDataLineAsync(ct) is { } line)
        {
            capabilities.Add(line.Span);
        }

        return capabilities;
    }

    /// <summary>A password account on a server that offers USER but no SASL mechanism for passwords (e.g. CAPA
    /// "TOP USER UIDL STLS EXPIRE 31") falls back to USER/PASS, over an encrypted connection only.</summary>
    private bool ShouldFallBackToUserPass(Pop3Channel channel, MailCredentials credentials, string? mechanism)
    {
        if (credentials.Kind != CredentialKind.Password || !Capabilities.Contains("USER"))
        {
            return false;
        }

        var mechanisms = _capabilities.Mechanisms;
        var wanted = mechanism is null
            ? !mechanisms.Contains("PLAIN", StringComparer.OrdinalIgnoreCase) && !mechanisms.Contains("LOGIN", StringComparer.OrdinalIgnoreCase)
            : string.Equals(mechanism, "USER", StringComparison.OrdinalIgnoreCase);
        if (wanted && !channel.Connection.IsSecure)
        {
            throw new MailAuthenticationException(
                "The POP3 server offers no SASL mechanism for passwords, and USER/PASS is only used over TLS; use TlsMode.Implicit or TlsMode.StartTls.")
            { Mechanism = "USER" };
        }

        return wanted;
    }

    private Pop3Channel RequireCredentialsAllowed()
    {
        var channel = RequireState(Pop3State.Authorization, "log in");
        if (_tls != TlsMode.None && !channel.Connection.IsSecure)
        {
            // Defence in depth: ConnectAsync already refuses to finish without TLS in these modes.
            throw new MailTlsException($"Refusing to send credentials to {channel.Connection.Host}:{channel.Connection.Port} before TLS is active.");
        }

        return channel;
    }

    private Pop3Channel RequireTransaction() => RequireState(Pop3State.Transaction, "use the maildrop");

    private Pop3Channel RequireState(Pop3State required, string action)
    {
        if (_state == required)
        {
            return _channel!;
        }

        var reason = _state switch
        {
            Pop3State.NotConnected => "the client is not connected",
            Pop3State.Authorization => "the client has not logged in",
            Pop3State.Transaction => "the client is already logged in",
            _ => "the session has ended",
        };
        if (required == Pop3State.NotConnected)
        {
            reason = "the client was already connected; use a new Pop3Client";
        }

        throw new InvalidOperationException($"Cannot {action}: {reason}.");
    }
}
