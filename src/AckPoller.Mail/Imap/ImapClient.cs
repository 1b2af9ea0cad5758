using System.Diagnostics;
using System.Runtime.CompilerServices;
using AckPoller.Mail.Imap.Commands;
using AckPoller.Mail.Imap.Protocol;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Imap;

/// <summary>An IMAP4rev1/IMAP4rev2 client (the subset AckPoller needs): connect with TLS or STARTTLS, authenticate
/// with SASL (XOAUTH2, OAUTHBEARER, PLAIN, LOGIN) or LOGIN, select, search, fetch, flag, move, list, create, IDLE.
/// One command at a time; not thread-safe. State errors (e.g. fetching before SELECT) throw InvalidOperationException.</summary>
public sealed class ImapClient : IMailClient
{
    private const long DefaultMaxLiteralSize = 64L * 1024 * 1024;

    private readonly MailConnectionOptions _options;
    private readonly HashSet<string> _ignored = new(StringComparer.OrdinalIgnoreCase);
    private ImapEngine? _engine;
    private TlsMode _tls;
    private long _maxLiteralSize = DefaultMaxLiteralSize;

    public ImapClient(MailConnectionOptions? options = null) => _options = options ?? new MailConnectionOptions();

    /// <summary>The connection, for TLS details in diagnostics; null before connecting.</summary>
    public MailConnection? Connection => _engine?.Connection;

    /// <summary>The capabilities the server advertised last, upper-case atoms such as "IDLE" or "AUTH=XOAUTH2".</summary>
    public IReadOnlySet<string> Capabilities => _engine?.Capabilities ?? new HashSet<string>();

    /// <summary>The SASL mechanisms the server offers (from AUTH=...), minus any in <see cref="IgnoredCapabilities"/>.</summary>
    public IReadOnlyCollection<string> AuthenticationMechanisms =>
        Capabilities.Where(c => c.StartsWith("AUTH=", StringComparison.OrdinalIgnoreCase) && !_ignored.Contains(c))
            .Select(c => c[5..])
            .ToArray();

    /// <summary>Capabilities to act as if the server did not have, e.g. "MOVE" to use COPY + EXPUNGE on a server whose MOVE is broken.</summary>
    public ISet<string> IgnoredCapabilities => _ignored;

    public bool IsAuthenticated { get; private set; }

    /// <summary>The SASL mechanism (or "LOGIN" for the LOGIN command) that authenticated this session, once authenticated.</summary>
    public string? AuthenticatedMechanism { get; private set; }

    /// <summary>The mailbox SELECT or EXAMINE opened last, or null.</summary>
    public ImapMailboxInfo? SelectedMailbox { get; private set; }

    /// <summary>The greeting's text, e.g. "[CAPABILITY ...] Dovecot ready.".</summary>
    public string? Greeting { get; private set; }

    /// <summary>The largest literal (e.g. message) accepted from the server; a bigger one is a protocol error. 64 MiB by default.</summary>
    public long MaxLiteralSize
    {
        get => _maxLiteralSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (long)Array.MaxLength);
            _maxLiteralSize = value;
            if (_engine is not null)
            {
                _engine.MaxLiteralSize = value;
            }
        }
    }

    /// <summary>True when the server has the capability and it is not in <see cref="IgnoredCapabilities"/>.</summary>
    public bool Supports(string capability) => _engine?.Has(capability) == true;

    /// <summary>Connects, reads the greeting, learns the capabilities and, for <see cref="TlsMode.StartTls"/>, upgrades
    /// with STARTTLS (refusing to go on if the server does not offer it) and learns the capabilities again.</summary>
    public async Task ConnectAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ThrowIfConnected();
        var connection = await MailConnection.ConnectAsync(endpoint, _options, cancellationToken);
        await InitializeAsync(connection, endpoint.Tls, cancellationToken);
    }

    /// <summary>Like <see cref="ConnectAsync(MailEndpoint, CancellationToken)"/> over an already-open stream
    /// (a transcript, a tunnel). For <see cref="TlsMode.Implicit"/> a stream that is not already TLS is wrapped first.</summary>
    public async Task ConnectAsync(Stream stream, string host, int port, TlsMode tls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ThrowIfConnected();
        var connection = MailConnection.FromStream(stream, host, port, _options);
        if (tls == TlsMode.Implicit && !connection.IsSecure)
        {
            try
            {
                await connection.StartTlsAsync(cancellationToken);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        await InitializeAsync(connection, tls, cancellationToken);
    }

    /// <summary>AUTHENTICATE with the given or best offered mechanism, with SASL-IR when the server has it.
    /// A refusal is a <see cref="MailAuthenticationException"/> carrying the server's text and any OAuth error.</summary>
    public async Task AuthenticateAsync(MailCredentials credentials, string? mechanism = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var engine = RequireNotAuthenticated();
        var offered = AuthenticationMechanisms;
        if (offered.Count == 0 && !engine.Connection.IsSecure && engine.Has("LOGINDISABLED"))
        {
            throw new MailAuthenticationException(
                "The IMAP server offers no authentication on this unencrypted connection (LOGINDISABLED): it requires TLS. Use TlsMode.Implicit or TlsMode.StartTls.")
            { Mechanism = mechanism?.ToUpperInvariant() };
        }

        if (ShouldFallBackToLogin(engine, offered, credentials, mechanism))
        {
            await LoginAsync(credentials.UserName, credentials.Secret, cancellationToken);
            return;
        }

        var sasl = SaslMechanismFactory.Choose(offered, credentials, engine.Connection.Host, engine.Connection.Port, mechanism);
        var command = new AuthenticateCommand(sasl, engine.Has("SASL-IR"));
        var completion = await engine.ExecuteAsync(command, cancellationToken);
        if (completion.Status != ImapStatus.Ok)
        {
            throw AuthenticationFailed(sasl.Name, completion, sasl.ServerError);
        }

        AuthenticatedMechanism = sasl.Name;
        await CompleteAuthenticationAsync(engine, completion, cancellationToken);
    }

    /// <summary>The plain LOGIN command. Refused without sending when the server announces LOGINDISABLED.</summary>
    public async Task LoginAsync(string user, string password, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(password);
        var engine = RequireNotAuthenticated();
        if (engine.Has("LOGINDISABLED"))
        {
            throw new MailAuthenticationException(
                engine.Connection.IsSecure
                    ? "The IMAP server has disabled the LOGIN command (LOGINDISABLED); use AUTHENTICATE."
                    : "The IMAP server refuses LOGIN on this unencrypted connection (LOGINDISABLED): it requires TLS. Use TlsMode.Implicit or TlsMode.StartTls.")
            { Mechanism = "LOGIN" };
        }

        var completion = await engine.ExecuteAsync(new LoginCommand(user, password), cancellationToken);
        if (completion.Status != ImapStatus.Ok)
        {
            throw AuthenticationFailed("LOGIN", completion, null);
        }

        AuthenticatedMechanism = "LOGIN";
        await CompleteAuthenticationAsync(engine, completion, cancellationToken);
    }

    /// <summary>ID (RFC 2971): tells the server who we are and returns what it says about itself (empty for NIL).</summary>
    public async Task<IReadOnlyDictionary<string, string?>> IdAsync(IReadOnlyDictionary<string, string?> clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var engine = RequireConnected();
        RequireCapability(engine, "ID", "ID");
        var command = new IdCommand(clientId);
        await engine.RunAsync(command, cancellationToken);
        return command.ServerId;
    }

    /// <summary>ENABLE (RFC 5161), e.g. "UTF8=ACCEPT"; returns what the server enabled.</summary>
    public async Task<IReadOnlyList<string>> EnableAsync(IEnumerable<string> capabilities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var engine = RequireAuthenticated();
        RequireCapability(engine, "ENABLE", "ENABLE");
        var command = new EnableCommand(capabilities.ToArray());
        await engine.RunAsync(command, cancellationToken);
        if (command.Enabled.Contains("UTF8=ACCEPT"))
        {
            engine.Utf8Enabled = true;
        }

        return command.Enabled;
    }

    public Task<ImapMailboxInfo> SelectAsync(string mailbox, CancellationToken cancellationToken) => OpenAsync(mailbox, false, cancellationToken);

    public Task<ImapMailboxInfo> ExamineAsync(string mailbox, CancellationToken cancellationToken) => OpenAsync(mailbox, true, cancellationToken);

    public async Task<IReadOnlyList<uint>> UidSearchAsync(ImapSearch criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var engine = RequireSelected();
        var command = new UidSearchCommand(criteria);
        await engine.RunAsync(command, cancellationToken);
        return command.Uids;
    }

    /// <summary>UID FETCH; the whole result in memory. Bodies are fetched with BODY.PEEK (no \Seen).</summary>
    public async Task<IReadOnlyList<ImapFetchedMessage>> UidFetchAsync(UidSet uids, ImapFetchItems items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var engine = RequireSelected();
        var expected = uids.MaxMessages(engine.Exists);
        var command = new UidFetchCommand(uids, items, (int)expected);
        using var bulk = ImapBulkFetch.Start(engine.Connection, expected);
        await engine.SendAsync(command, cancellationToken);
        ImapStatusResponse? completion;
        while ((completion = await engine.StepAsync(cancellationToken)) is null)
        {
            bulk?.Received(command.Messages.Count);
        }

        ImapEngine.ThrowIfFailed(command, completion);
        return command.Messages;
    }

    /// <summary>UID FETCH, one message at a time as the server sends them. Stopping early reads and discards the rest.</summary>
    public async IAsyncEnumerable<ImapFetchedMessage> UidFetchStreamAsync(UidSet uids, ImapFetchItems items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var engine = RequireSelected();
        var command = new UidFetchCommand(uids, items);
        using var bulk = ImapBulkFetch.Start(engine.Connection, uids.MaxMessages(engine.Exists));
        await engine.SendAsync(command, cancellationToken);
        var finished = false;
        var received = 0L;
        try
        {
            while (true)
            {
                var completion = await engine.StepAsync(cancellationToken);
                for (var i = 0; i < command.Messages.Count; i++)
                {
                    yield return command.Messages[i];
                }

                received += command.Messages.Count;
                command.Messages.Clear();
                bulk?.Received(received);

                if (completion is not null)
                {
                    finished = true;
                    ImapEngine.ThrowIfFailed(command, completion);
                    yield break;
                }
            }
        }
        finally
        {
            if (!finished)
            {
                await engine.DrainAsync(command);
            }
        }
    }

    /// <summary>UID STORE with .SILENT, e.g. Add \Seen.</summary>
    public async Task UidStoreAsync(UidSet uids, ImapStoreAction action, IEnumerable<string> flags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(flags);
        var engine = RequireSelected();
        await engine.RunAsync(new UidStoreCommand(uids, action, flags.ToArray()), cancellationToken);
    }

    /// <summary>Moves messages: UID MOVE (RFC 6851); without it UID COPY, STORE \Deleted and UID EXPUNGE (UIDPLUS), which
    /// expunge only these messages. Without either, nothing is changed and an <see cref="ImapCommandException"/> says why:
    /// a plain EXPUNGE would also remove other clients' \Deleted mail.</summary>
    public async Task UidMoveAsync(UidSet uids, string destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var engine = RequireSelected();
        if (engine.Has("MOVE"))
        {
            await engine.RunAsync(new UidCopyCommand(uids, destination, move: true), cancellationToken);
            return;
        }

        if (!engine.Has("UIDPLUS"))
        {
            throw new ImapCommandException(
                "The IMAP server supports neither MOVE nor UIDPLUS, so messages cannot be moved without expunging other \\Deleted mail; nothing was changed.",
                string.Join(' ', engine.Capabilities))
            { Command = "UID MOVE", MissingCapability = "MOVE or UIDPLUS" };
        }

        await engine.RunAsync(new UidCopyCommand(uids, destination, move: false), cancellationToken);
        await engine.RunAsync(new UidStoreCommand(uids, ImapStoreAction.Add, [ImapFlagNames.Deleted]), cancellationToken);
        await engine.RunAsync(new UidExpungeCommand(uids), cancellationToken);
    }

    /// <summary>CREATE. Returns false when the mailbox already exists (NO [ALREADYEXISTS]); other refusals throw.</summary>
    public async Task<bool> CreateAsync(string mailbox, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(mailbox);
        var engine = RequireAuthenticated();
        var command = new CreateCommand(mailbox);
        var completion = await engine.ExecuteAsync(command, cancellationToken);
        if (completion.Status == ImapStatus.No
            && (completion.Code == "ALREADYEXISTS" || completion.Text.Contains("already exists", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        ImapEngine.ThrowIfFailed(command, completion);
        return true;
    }

    /// <summary>LIST reference pattern, e.g. ("", "*"). Names come back decoded.</summary>
    public async Task<IReadOnlyList<ImapMailboxListing>> ListAsync(string reference, string pattern, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(pattern);
        var engine = RequireAuthenticated();
        var command = new ListCommand(reference, pattern, engine.Utf8Enabled);
        await engine.RunAsync(command, cancellationToken);
        return command.Mailboxes;
    }

    /// <summary>IDLE (RFC 2177) until the server reports EXISTS, EXPUNGE or FETCH, or <paramref name="maxDuration"/>
    /// passes (Timeout.InfiniteTimeSpan: no limit); then DONE and the tagged OK. IDLE is transparently re-issued before
    /// the connection's read timeout would fire. Cancelling also ends IDLE cleanly (the connection stays usable),
    /// then throws <see cref="OperationCanceledException"/>.</summary>
    public async Task<ImapIdleResult> IdleAsync(TimeSpan maxDuration, CancellationToken cancellationToken)
    {
        if (maxDuration <= TimeSpan.Zero && maxDuration != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDuration), "IDLE needs a positive duration.");
        }

        var engine = RequireSelected();
        RequireCapability(engine, "IDLE", "IDLE");
        var started = Stopwatch.GetTimestamp();
        var roundLimit = _options.ReadWriteTimeout * 0.8;
        IdleCommand? earlier = null;
        var previousExists = engine.Exists;
        while (true)
        {
            var remaining = maxDuration == Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue : maxDuration - Stopwatch.GetElapsedTime(started);
            var round = remaining < roundLimit ? remaining : roundLimit;
            var idle = new IdleCommand(previousExists);
            var timedOut = await engine.IdleRoundAsync(idle, round > TimeSpan.Zero ? round : TimeSpan.FromMilliseconds(1), cancellationToken);
            if (earlier is not null)
            {
                idle.Absorb(earlier);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (idle.HasChanges || (timedOut && remaining <= roundLimit))
            {
                return idle.Result(timedOut && !idle.HasChanges);
            }

            earlier = idle;
        }
    }

    public async Task NoopAsync(CancellationToken cancellationToken)
    {
        var engine = RequireConnected();
        await engine.RunAsync(SimpleCommand.Noop, cancellationToken);
    }

    /// <summary>LOGOUT (the server's BYE is expected), then closes the connection. Does nothing when not connected.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
        var engine = _engine;
        if (engine is null)
        {
            return;
        }

        try
        {
            if (engine.Connection.IsUsable)
            {
                await engine.RunAsync(new LogoutCommand(), cancellationToken);
            }
        }
        finally
        {
            await CloseAsync();
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    private static MailAuthenticationException AuthenticationFailed(string mechanism, ImapStatusResponse completion, OAuthErrorChallenge? oauthError)
    {
        var hint = completion.Code == "PRIVACYREQUIRED" ? " The server requires TLS before authentication." : string.Empty;
        return new MailAuthenticationException($"IMAP authentication with {mechanism} failed: {completion.ShortText}{hint}", completion.ServerText)
        {
            Mechanism = mechanism,
            OAuthError = oauthError,
            ResponseCode = completion.Code,
        };
    }

    /// <summary>A password account on a server without a SASL mechanism for passwords (it advertises LOGIN, or only
    /// IMAP4rev1 and STARTTLS, no AUTH=PLAIN/LOGIN) falls back to the LOGIN command, over an encrypted connection only.</summary>
    private static bool ShouldFallBackToLogin(ImapEngine engine, IReadOnlyCollection<string> offered, MailCredentials credentials, string? mechanism)
    {
        if (credentials.Kind != CredentialKind.Password || engine.Has("LOGINDISABLED"))
        {
            return false;
        }

        if (mechanism is not null)
        {
            return string.Equals(mechanism, "LOGIN", StringComparison.OrdinalIgnoreCase)
                && !offered.Contains("LOGIN", StringComparer.OrdinalIgnoreCase)
                && RequireSecureForLogin(engine);
        }

        var saslForPasswords = offered.Contains("PLAIN", StringComparer.OrdinalIgnoreCase) || offered.Contains("LOGIN", StringComparer.OrdinalIgnoreCase);
        return !saslForPasswords && RequireSecureForLogin(engine);
    }

    private static bool RequireSecureForLogin(ImapEngine engine)
    {
        if (!engine.Connection.IsSecure)
        {
            throw new MailAuthenticationException(
                "The IMAP server offers no SASL mechanism for passwords, and the LOGIN command is only used over TLS; use TlsMode.Implicit or TlsMode.StartTls.")
            { Mechanism = "LOGIN" };
        }

        return true;
    }

    private static void RequireCapability(ImapEngine engine, string capability, string command)
    {
        if (!engine.Has(capability))
        {
            throw new ImapCommandException($"The IMAP server does not support {command} (no {capability} capability).", string.Join(' ', engine.Capabilities))
            {
                Command = command,
                MissingCapability = capability,
            };
        }
    }

    private async Task InitializeAsync(MailConnection connection, TlsMode tls, CancellationToken cancellationToken)
    {
        var engine = new ImapEngine(connection, _ignored, _maxLiteralSize);
        _engine = engine;
        _tls = tls;
        try
        {
            var greeting = await engine.ReadGreetingAsync(cancellationToken);
            Greeting = greeting.ServerText;
            if (greeting.Status == ImapStatus.Bye)
            {
                throw new MailSessionEndedException($"The IMAP server refused the session: {greeting.ShortText}", greeting.ServerText);
            }

            var preAuthenticated = greeting.Status == ImapStatus.PreAuth;
            if (tls == TlsMode.StartTls)
            {
                if (preAuthenticated)
                {
                    throw new MailTlsException("The IMAP server sent PREAUTH on an unencrypted connection, so STARTTLS is impossible; refusing to continue without TLS.");
                }

                if (!engine.KnowsCapabilities)
                {
                    await engine.RunAsync(SimpleCommand.Capability, cancellationToken);
                }

                if (!engine.Has("STARTTLS"))
                {
                    throw new MailTlsException($"The IMAP server {connection.Host}:{connection.Port} does not offer STARTTLS; refusing to continue without TLS.");
                }

                var started = await engine.ExecuteAsync(SimpleCommand.StartTls, cancellationToken);
                if (started.Status != ImapStatus.Ok)
                {
                    throw new MailTlsException($"The IMAP server refused STARTTLS: {started.ShortText}");
                }

                await connection.StartTlsAsync(cancellationToken);
                engine.ForgetCapabilities();
            }

            if (!engine.KnowsCapabilities)
            {
                await engine.RunAsync(SimpleCommand.Capability, cancellationToken);
            }

            IsAuthenticated = preAuthenticated;
            if (preAuthenticated)
            {
                AuthenticatedMechanism = "PREAUTH";
            }
        }
        catch
        {
            await CloseAsync();
            throw;
        }
    }

    private async Task CompleteAuthenticationAsync(ImapEngine engine, ImapStatusResponse completion, CancellationToken cancellationToken)
    {
        IsAuthenticated = true;

        // Capabilities often change after authentication; servers usually say so in the tagged OK.
        if (completion.Code != "CAPABILITY")
        {
            await engine.RunAsync(SimpleCommand.Capability, cancellationToken);
        }
    }

    private async Task<ImapMailboxInfo> OpenAsync(string mailbox, bool readOnly, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(mailbox);
        var engine = RequireAuthenticated();

        // A failed SELECT leaves no mailbox selected (RFC 3501 §6.3.1).
        SelectedMailbox = null;
        var command = new SelectCommand(mailbox, readOnly);
        var completion = await engine.RunAsync(command, cancellationToken);
        ImapMailboxInfo info;
        try
        {
            info = command.Result(completion);
        }
        catch (MailProtocolException)
        {
            engine.Connection.MarkBroken();
            throw;
        }

        engine.Exists = info.Exists;
        SelectedMailbox = info;
        return info;
    }

    private async Task CloseAsync()
    {
        var engine = _engine;
        _engine = null;
        IsAuthenticated = false;
        SelectedMailbox = null;
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }
    }

    private void ThrowIfConnected()
    {
        if (_engine is not null)
        {
            throw new InvalidOperationException("The IMAP client is already connected; log out or dispose it first.");
        }
    }

    private ImapEngine RequireConnected() =>
        _engine ?? throw new InvalidOperationException("The IMAP client is not connected.");

    private ImapEngine RequireNotAuthenticated()
    {
        var engine = RequireConnected();
        if (IsAuthenticated)
        {
            throw new InvalidOperationException("The IMAP client is already authenticated.");
        }

        // Belt and braces: credentials never go over a connection that was meant to be encrypted but is not.
        if (_tls != TlsMode.None && !engine.Connection.IsSecure)
        {
            throw new MailTlsException("The connection was meant to use TLS but is not encrypted; refusing to send credentials.");
        }

        return engine;
    }

    private ImapEngine RequireAuthenticated()
    {
        var engine = RequireConnected();
        return IsAuthenticated ? engine : throw new InvalidOperationException("The IMAP client is not authenticated; call AuthenticateAsync or LoginAsync first.");
    }

    private ImapEngine RequireSelected()
    {
        var engine = RequireAuthenticated();
        return SelectedMailbox is not null ? engine : throw new InvalidOperationException("No mailbox is selected; call SelectAsync or ExamineAsync first.");
    }
}
