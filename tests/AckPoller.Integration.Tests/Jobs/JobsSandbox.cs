using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using AckPoller.Core.Auth;
using AckPoller.Core.Auth.Msal;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.MailErrors;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Integration.Tests.Auth;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AckPoller.Integration.Tests.Jobs;

/// <summary>One test's engine pieces against the real sandbox: password accounts (the sandbox password works for any
/// address), a fresh SQLite store, real authenticators, pipelines and connection options trusting the sandbox CA.</summary>
internal sealed class JobsSandbox : IAsyncDisposable
{
    public const string PasswordVariable = "ACKPOLLER_JOBS_TEST_PASSWORD";

    private JobsSandbox(SandboxSettings settings, string folder)
    {
        Settings = settings;
        Folder = folder;
        Loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        Connection = new MailConnectionOptions { Tls = new TlsOptions { ExtraCaFile = settings.CaFile } };
        Options.Storage.DatabasePath = Path.Combine(folder, "ackpoller.db");
    }

    public SandboxSettings Settings { get; }

    public string Folder { get; }

    public AckPollerOptions Options { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public ILoggerFactory Loggers { get; }

    public MailConnectionOptions Connection { get; }

    public SqliteStore Store { get; private set; } = null!;

    public AccountAuthenticators Accounts { get; private set; } = null!;

    public MailPipelines Pipelines { get; private set; } = null!;

    public static JobsSandbox Create()
    {
        var settings = SandboxSettings.Load();
        var folder = Path.Combine(Path.GetTempPath(), "ackpoller-jobs-it", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new JobsSandbox(settings, folder);
    }

    public MailAccountOptions AddImapAccount(string name, int? imapsPort = null)
    {
        var account = new MailAccountOptions
        {
            Name = name,
            Mailbox = Settings.NewAddress(name),
            Protocol = MailProtocol.Imap,
            IncomingServer = $"imaps://{Settings.Host}:{imapsPort ?? Settings.Ports.Imaps}",
            SmtpServer = $"smtp://{Settings.Host}:{Settings.Ports.Submission}",
            AuthKind = AccountAuthKind.Password,
            PasswordEnv = PasswordVariable,
        };
        Options.Accounts.Add(account);
        return account;
    }

    /// <summary>Opens the store (migrated) and the authenticators, like a process starting.</summary>
    public async Task OpenAsync()
    {
        Store = await SqliteStore.OpenAsync(Options.Storage, TimeProvider.System, Loggers, default);
        Accounts = new AccountAuthenticators(Options, Store.AuthStates, Store.TokenCaches, new MsalHttpClientFactory(), RandomNumberGenerator.GetBytes(32),
            TimeProvider.System, Loggers, new SecretResolver(name => name == PasswordVariable ? Settings.Password : null));
        Pipelines = new MailPipelines(Options.Scheduling, TimeProvider.System, Loggers.CreateLogger<MailPipelines>());
    }

    public async ValueTask DisposeAsync()
    {
        if (Accounts is not null)
        {
            await Accounts.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Loggers.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>An IAccountPoller that records when each poll started (and what it found), optionally around the real one.</summary>
internal sealed class RecordingPoller : IAccountPoller
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IAccountPoller? _inner;

    public RecordingPoller(IAccountPoller? inner = null) => _inner = inner;

    public ConcurrentQueue<PollResult> Results { get; } = new();

    public ConcurrentQueue<(string Account, TimeSpan At)> Polls { get; } = new();

    public TimeSpan Now => _clock.Elapsed;

    public async Task<PollResult> PollAsync(string account, CancellationToken cancellationToken)
    {
        Polls.Enqueue((account, _clock.Elapsed));
        var result = _inner is null ? new PollResult(account, 0, 0, 0, 0, 0) : await _inner.PollAsync(account, cancellationToken);
        Results.Enqueue(result);
        return result;
    }

    public async Task<TimeSpan> WaitForPollAfterAsync(string account, TimeSpan after, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (_clock.Elapsed < deadline)
        {
            foreach (var (polled, at) in Polls)
            {
                if (polled == account && at > after)
                {
                    return at;
                }
            }

            await Task.Delay(2);
        }

        throw new TimeoutException($"No poll of {account} within {timeout}.");
    }
}
