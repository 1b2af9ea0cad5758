using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Integration.Tests.Imap;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using AckPoller.Core.Auth.Msal;
using AckPoller.Core.Outbox;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Integration.Tests.Polling;

/// <summary>One test's world for polling against the real sandbox Dovecot: Password accounts (the sandbox password,
/// PLAIN over TLS, through the real AccountAuthenticators and AuthenticatedMailSession), a fresh SQLite store for the
/// auth state, and the in-memory recorder/analyzer/policy stand-ins until the store and replies parts land.</summary>
internal sealed class PollingHarness : IAsyncDisposable
{
    public const string PasswordVariable = "ACKPOLLER_SANDBOX_PASSWORD";
    public const string Responder = "jane@contoso.com";
    public const string AlertRef = "AP-7K3QZ9";

    private readonly List<AccountAuthenticators> _opened = [];
    private readonly MsalHttpClientFactory _http = new();

    private PollingHarness(SandboxSettings settings, string folder)
    {
        Settings = settings;
        Folder = folder;
        Log = new InMemoryAckLog(Calls);
        Analyzer = new FakeReplyAnalyzer(Calls);
        Policy = new FakeSenderPolicy(Calls);
        Policy.Allowed.Add(Responder);
        var alert = new Alert { Id = 1, Reference = AlertReference.Parse(AlertRef), Subject = "Disk full on db01", Recipients = [Responder] };
        Analyzer.Alerts[alert.Reference] = alert;
    }

    public SandboxSettings Settings { get; }

    public string Folder { get; }

    public List<string> Calls { get; } = [];

    public InMemoryAckLog Log { get; }

    public FakeReplyAnalyzer Analyzer { get; }

    public FakeSenderPolicy Policy { get; }

    /// <summary>Wraps the recorder, e.g. to "kill the process" right after a recording.</summary>
    public Func<IAckRecorder, IAckRecorder> WrapRecorder { get; set; } = r => r;

    public MailConnectionOptions Connection => ImapSandbox.Options(Settings);

    public static PollingHarness Start()
    {
        var settings = SandboxSettings.Load();
        var folder = Path.Combine(Path.GetTempPath(), "ackpoller-polling-it", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new PollingHarness(settings, folder);
    }

    public MailAccountOptions Account(MailProtocol protocol, Action<AccountProcessingOptions>? processing = null, string? name = null)
    {
        var account = new MailAccountOptions
        {
            Name = name ?? $"poll-{protocol}".ToLowerInvariant(),
            Mailbox = Settings.NewAddress("oncall"),
            Protocol = protocol,
            IncomingServer = protocol == MailProtocol.Imap ? $"imaps://{Settings.Host}:{Settings.Ports.Imaps}" : $"pop3s://{Settings.Host}:{Settings.Ports.Pop3s}",
            AuthKind = AccountAuthKind.Password,
            PasswordEnv = PasswordVariable,
        };
        processing?.Invoke(account.Processing);
        return account;
    }

    /// <summary>Opens the auth layer over a fresh store, like a process starting, and a poller over it.</summary>
    public async Task<AccountPoller> OpenAsync(params MailAccountOptions[] accounts)
    {
        var options = new AckPollerOptions { Storage = new StorageOptions { DatabasePath = Path.Combine(Folder, "ackpoller.db") } };
        foreach (var account in accounts)
        {
            options.Accounts.Add(account);
        }

        var store = await SqliteStore.OpenAsync(options.Storage, TimeProvider.System, NullLoggerFactory.Instance, default);
        var authenticators = new AccountAuthenticators(options, store.AuthStates, store.TokenCaches, _http, new byte[32], TimeProvider.System,
            NullLoggerFactory.Instance, new SecretResolver(name => name == PasswordVariable ? Settings.Password : null));
        _opened.Add(authenticators);
        return CreatePoller(authenticators);
    }

    public AccountPoller CreatePoller(AccountAuthenticators authenticators, ILoggerFactory? loggers = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var processor = new ReplyProcessor(Analyzer, Policy, WrapRecorder(Log), Log, loggers.CreateLogger<ReplyProcessor>());
        var imap = new ImapReplyReader(Log, processor, Connection, TimeProvider.System, loggers.CreateLogger<ImapReplyReader>());
        var pop3 = new Pop3ReplyReader(Log, processor, Connection, TimeProvider.System, loggers.CreateLogger<Pop3ReplyReader>());
        return new AccountPoller(authenticators, imap, pop3, loggers.CreateLogger<AccountPoller>());
    }

    /// <summary>The real engine over the same SQLite file (a "process start"): store, recorder, analyzer and sender
    /// policy, plus the alert <see cref="AlertRef"/> sent to <see cref="Responder"/> (registered once).</summary>
    public async Task<RealEngine> OpenRealEngineAsync(params MailAccountOptions[] accounts)
    {
        var options = new AckPollerOptions { Storage = new StorageOptions { DatabasePath = Path.Combine(Folder, "engine.db") } };
        options.Alerts.FromAddress = "ackpoller@" + Settings.Domain;
        foreach (var account in accounts)
        {
            options.Accounts.Add(account);
        }

        var store = await SqliteStore.OpenAsync(options.Storage, TimeProvider.System, NullLoggerFactory.Instance, default);
        var alert = await store.Alerts.FindByReferenceAsync(AlertReference.Parse(AlertRef), default);
        if (alert is null)
        {
            await using var work = await store.Transactions.BeginAsync(default);
            alert = await work.InsertAlertAsync(new Alert
            {
                Reference = AlertReference.Parse(AlertRef),
                Subject = "Disk full on db01",
                Recipients = [Responder],
                MessageId = $"ap.7K3QZ9.{Guid.NewGuid():N}@{Settings.Domain}",
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            }, default);
            await work.CommitAsync(default);
        }

        var authenticators = new AccountAuthenticators(options, store.AuthStates, store.TokenCaches, _http, new byte[32], TimeProvider.System,
            NullLoggerFactory.Instance, new SecretResolver(name => name == PasswordVariable ? Settings.Password : null));
        _opened.Add(authenticators);
        var composer = new AckReplyComposer(AlertMailIdentity.Resolve(options), options.Alerts, TimeProvider.System);
        IAckRecorder recorder = new AckRecorder(store.Transactions, composer, options.Alerts, TimeProvider.System, NullLogger<AckRecorder>.Instance);
        var processor = new ReplyProcessor(new ReplyAnalyzer(options.Replies, store.Alerts), new SenderPolicy(options.Replies, store.AckLog),
            WrapRecorder(recorder), store.Mailboxes, NullLogger<ReplyProcessor>.Instance);
        var imap = new ImapReplyReader(store.Mailboxes, processor, Connection, TimeProvider.System, NullLogger<ImapReplyReader>.Instance);
        var pop3 = new Pop3ReplyReader(store.Mailboxes, processor, Connection, TimeProvider.System, NullLogger<Pop3ReplyReader>.Instance);
        return new RealEngine(new AccountPoller(authenticators, imap, pop3, NullLogger<AccountPoller>.Instance), store, alert);
    }

    /// <summary>A reply as a mail client would write it (plain text, quoted alert below).</summary>
    public static byte[] Reply(string to, string from = Responder, string subject = "RE: [" + AlertRef + "] Disk full on db01", string body = "ack, looking at it", string? messageId = null) =>
        Encoding.UTF8.GetBytes(
            $"From: Jane Doe <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nMessage-ID: <{messageId ?? Guid.NewGuid().ToString("N")}@contoso.com>\r\n" +
            $"Date: {DateTimeOffset.UtcNow:ddd, dd MMM yyyy HH:mm:ss} +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n\r\n> Reply \"ack\" to acknowledge.\r\n");

    /// <summary>Delivers through Postfix and waits until Dovecot's INBOX holds <paramref name="expectedInInbox"/> messages.</summary>
    public async Task DeliverAsync(string mailbox, int expectedInInbox, params byte[][] messages)
    {
        foreach (var message in messages)
        {
            await SandboxMail.DeliverAsync(Settings, "sender@contoso.com", mailbox, message);
        }

        await using var client = await ImapSandbox.LoginAsync(Settings, mailbox);
        await ImapSandbox.WaitForInboxAsync(client, expectedInInbox);
        await client.LogoutAsync(default);
    }

    /// <summary>How many messages each folder holds (0 when it does not exist).</summary>
    public async Task<(int Inbox, int Processed, int Rejected)> CountAsync(string mailbox, string processed = "Processed", string rejected = "Rejected")
    {
        await using var client = await ImapSandbox.LoginAsync(Settings, mailbox);
        var counts = (await CountAsync(client, "INBOX"), await CountAsync(client, processed), await CountAsync(client, rejected));
        await client.LogoutAsync(default);
        return counts;
    }

    /// <summary>The \Seen flags of the messages in <paramref name="folder"/>.</summary>
    public async Task<IReadOnlyList<bool>> SeenAsync(string mailbox, string folder)
    {
        await using var client = await ImapSandbox.LoginAsync(Settings, mailbox);
        await client.ExamineAsync(folder, default);
        var messages = await client.UidFetchAsync(UidSet.All, ImapFetchItems.Flags, default);
        await client.LogoutAsync(default);
        return messages.Select(m => m.Flags?.Contains(@"\Seen") == true).ToArray();
    }

    public int AppliedCount => Log.Applied.Count;

    public int RecordCalls(string keyPrefix) => Calls.Count(c => c.StartsWith("record " + keyPrefix, StringComparison.Ordinal));

    private static async Task<int> CountAsync(ImapClient client, string folder)
    {
        try
        {
            return (int)(await client.ExamineAsync(folder, default)).Exists;
        }
        catch (MailCommandException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var authenticators in _opened)
        {
            await authenticators.DisposeAsync();
        }

        _http.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
