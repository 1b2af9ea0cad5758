using System.CommandLine;
using System.Text;
using AckPoller.Cli;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Mail.Mime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;

namespace AckPoller.TestSupport;

/// <summary>How the monitored mailbox is read in an end-to-end test.</summary>
public enum ReplyChannel
{
    ImapIdle,
    ImapPolling,
    Pop3,
}

/// <summary>One end-to-end world: the sandbox, the in-process Entra stand-in with real MSAL, and `ackpoller run` hosted
/// in-process from a real appsettings.json. The monitored account is the app's mailbox (client credentials, XOAUTH2 for
/// IMAP/POP3 and for sending alerts and confirmations through Postfix); the on-call person has a fresh sandbox mailbox
/// read straight from its maildir. The test's own store (same SQLite file, WAL) raises alerts and reads the ack log.</summary>
internal sealed class EndToEndWorld : IAsyncDisposable
{
    public const string AccountName = "replies";
    public const string MessageIdDomain = "ackpoller.sandbox.test";
    public const string OnCallName = "Jane Doe";

    private readonly StandInMsalHttpClientFactory _http;
    private readonly string _secretVariable = "ACKPOLLER_E2E_SECRET_" + Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly TaskCompletionSource<IServiceProvider> _services = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<int>? _run;

    private EndToEndWorld(AuthHarness harness, ReplyChannel channel)
    {
        Harness = harness;
        Channel = channel;
        _http = new StandInMsalHttpClientFactory(harness.Entra);
        OnCall = harness.Settings.NewAddress("oncall");
        ConfigPath = Path.Combine(harness.Folder, "appsettings.json");
        Environment.SetEnvironmentVariable(_secretVariable, harness.ClientSecret);
    }

    public AuthHarness Harness { get; }

    public ReplyChannel Channel { get; }

    /// <summary>The on-call person: recipient of the alerts, sender of the replies, recipient of the confirmations.</summary>
    public string OnCall { get; }

    /// <summary>The monitored reply mailbox (Reply-To of the alerts).</summary>
    public string Monitored => Harness.AppMailbox;

    public string ConfigPath { get; }

    /// <summary>Section "Replies" of the worker's configuration, when a test needs one (null: the defaults).</summary>
    public string? RepliesJson { get; set; }

    public string SecretVariable => _secretVariable;

    /// <summary>Section "Web" of the worker's configuration: a free port by default, so parallel tests never collide.</summary>
    public string WebJson { get; set; } = DefaultWebJson;

    public const string DefaultWebJson = """{ "Url": "http://127.0.0.1:0" }""";

    /// <summary>Section "Integrations" of the configuration (default: none).</summary>
    public string IntegrationsJson { get; set; } = "{}";

    /// <summary>Section "Webhooks" of the configuration (default: none).</summary>
    public string WebhooksJson { get; set; } = "[]";

    /// <summary>More services for the worker, registered before the defaults (e.g. a test's trace exporter).</summary>
    public Action<IServiceCollection>? ExtraServices { get; set; }

    public SqliteStore Store { get; private set; } = null!;

    public AlertService Alerts { get; private set; } = null!;

    public string ErrorText => _error.ToString();

    public static async Task<EndToEndWorld> StartAsync(ReplyChannel channel, bool startWorker = true, int? accessTokenLifetimeSeconds = null)
    {
        var harness = await AuthHarness.StartAsync(accessTokenLifetimeSeconds);
        var world = new EndToEndWorld(harness, channel);
        await world.OpenAsync();
        if (startWorker)
        {
            world.StartWorker();
        }

        return world;
    }

    /// <summary>The configuration the worker reads; the same options (for the alert identity) in the test's own objects.</summary>
    private async Task OpenAsync()
    {
        await File.WriteAllTextAsync(ConfigPath, ConfigJson());
        var options = new AckPollerOptions { Storage = new StorageOptions { DatabasePath = Harness.DatabasePath } };
        var account = Harness.Account(AccountAuthKind.ClientCredentials, Channel == ReplyChannel.Pop3 ? MailProtocol.Pop3 : MailProtocol.Imap, name: AccountName);
        options.Accounts.Add(account);
        options.Alerts.SenderAccount = AccountName;
        options.Alerts.MessageIdDomain = MessageIdDomain;

        // The test migrates first, so the worker's start-up migration finds nothing to do.
        Store = await SqliteStore.OpenAsync(options.Storage, TimeProvider.System, Harness.Loggers, default);
        var identity = AlertMailIdentity.Resolve(options);
        Alerts = new AlertService(Store.Transactions, new AlertEmailComposer(identity, TimeProvider.System), TimeProvider.System, Harness.Loggers.CreateLogger<AlertService>());
    }

    public string ConfigJson()
    {
        var settings = Harness.Settings;
        var incoming = Channel == ReplyChannel.Pop3 ? $"pop3s://{settings.Host}:{settings.Ports.Pop3s}" : $"imaps://{settings.Host}:{settings.Ports.Imaps}";
        var polling = Channel switch
        {
            ReplyChannel.ImapIdle => """{ "Interval": "01:00:00", "Idle": true }""",
            ReplyChannel.ImapPolling => """{ "Interval": "00:00:01", "Idle": false }""",
            _ => """{ "Interval": "00:00:01" }""",
        };
        return $$"""
            {
              "Storage": { "DatabasePath": "{{Harness.DatabasePath}}" },
              "Web": {{WebJson}},
              "Integrations": {{IntegrationsJson}},
              "Webhooks": {{WebhooksJson}},
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(Harness.Folder, "keys", "cache.key")}}" },
              "Auth": { "ExtraCaFile": "{{settings.CaFile}}" },
              "Scheduling": { "OutboxInterval": "00:00:01", "MailRetryBaseDelay": "00:00:00.2" },
              "Alerts": { "SenderAccount": "{{AccountName}}", "MessageIdDomain": "{{MessageIdDomain}}", "SmtpExtraCaFile": "{{settings.CaFile}}" },
              {{(RepliesJson is null ? string.Empty : $"\"Replies\": {RepliesJson},")}}
              "Accounts": [ {
                "Name": "{{AccountName}}", "Mailbox": "{{Monitored}}", "Protocol": "{{(Channel == ReplyChannel.Pop3 ? "Pop3" : "Imap")}}",
                "IncomingServer": "{{incoming}}",
                "SmtpServer": "smtp://{{settings.Host}}:{{settings.Ports.Submission}}",
                "AuthKind": "ClientCredentials", "TenantId": "{{Harness.Entra.TenantId}}", "ClientId": "{{Harness.ClientId}}",
                "ClientSecretEnv": "{{_secretVariable}}",
                "Processing": { "ProcessExistingMail": true, "DeleteAfterProcessing": {{(Channel == ReplyChannel.Pop3 ? "true" : "false")}} },
                "Polling": {{polling}} } ]
            }
            """;
    }

    /// <summary>`ackpoller run --config …` in this process, MSAL reaching the stand-in (the only production wiring changed).</summary>
    public void StartWorker()
    {
        var root = new RootCommand { RunCommand.Create(services: s =>
        {
            s.AddSingleton<IMsalHttpClientFactory>(_http);
            s.AddSingleton<ILoggerProvider>(Harness.Logs);
            s.AddHostedService(sp => new ServicesCapture(sp, _services));
            ExtraServices?.Invoke(s);
        }) };
        var output = TextWriter.Synchronized(_output);
        var error = TextWriter.Synchronized(_error);
        _run = Task.Run(() => root.Parse(["run", "--config", ConfigPath]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, _stop.Token));
    }

    /// <summary>The running worker's services (its authenticators, auth states, callback handler), once the host has started.</summary>
    public async Task<IServiceProvider> WorkerServicesAsync() => await _services.Task.WaitAsync(TimeSpan.FromSeconds(60));

    public async Task<Alert> RaiseAsync(string subject, string body = "/var is 99% full on db01") =>
        await Alerts.RaiseAsync(new RaiseAlertRequest { Subject = subject, Body = body, Recipients = [OnCall] }, default);

    public async Task<IReadOnlyList<AckLogEntry>> AckLogAsync() =>
        (await Store.AckLog.QueryAsync(new AckLogQuery { Account = AccountName, Limit = 5000 }, default)).Entries;

    public async Task<Alert> AlertAsync(AlertReference reference) => (await Store.Alerts.FindByReferenceAsync(reference, default))!;

    /// <summary>Waits until the ack log holds at least <paramref name="count"/> rows.</summary>
    public async Task<IReadOnlyList<AckLogEntry>> WaitForLogAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var log = await AckLogAsync();
            if (log.Count >= count)
            {
                return log;
            }

            ThrowIfWorkerEnded();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The ack log has {log.Count} of {count} rows. Worker stderr: {ErrorText}\nLogs:\n{Tail()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Everything delivered to <paramref name="address"/>'s maildir, parsed.</summary>
    public IReadOnlyList<MimeMessage> Delivered(string address)
    {
        var at = address.LastIndexOf('@');
        var maildir = Path.Combine(Harness.Settings.Directory, "mail", address[(at + 1)..].ToLowerInvariant(), address[..at].ToLowerInvariant(), "Maildir");
        var messages = new List<MimeMessage>();
        foreach (var folder in new[] { "new", "cur" })
        {
            var path = Path.Combine(maildir, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path))
            {
                try
                {
                    messages.Add(MimeParser.Parse(File.ReadAllBytes(file)));
                }
                catch (IOException)
                {
                    // Moved from new/ to cur/ while listing: seen again on the next look.
                }
            }
        }

        return messages;
    }

    /// <summary>Waits until <paramref name="address"/> holds messages matching <paramref name="match"/>, at least <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMailAsync(string address, Func<MimeMessage, bool> match, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var found = Delivered(address).Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            ThrowIfWorkerEnded();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{found.Count} of {count} expected messages in {address}. Worker stderr: {ErrorText}\nLogs:\n{Tail()}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<MimeMessage> WaitForAlertEmailAsync(Alert alert) =>
        (await WaitForMailAsync(OnCall, m => m.MessageId == alert.MessageId, 1))[0];

    /// <summary>Confirmations (and rejections) AckPoller sent in answer to the reply with <paramref name="replyMessageId"/>.</summary>
    public IReadOnlyList<MimeMessage> AnswersTo(string address, string replyMessageId) =>
        Delivered(address).Where(m => m.InReplyTo.Contains(replyMessageId)).ToList();

    private void ThrowIfWorkerEnded()
    {
        if (_run is { IsCompleted: true })
        {
            throw new InvalidOperationException($"ackpoller run ended early ({(_run.IsCompletedSuccessfully ? _run.Result.ToString(System.Globalization.CultureInfo.InvariantCulture) : _run.Exception?.ToString())}): {ErrorText}");
        }
    }

    private string Tail() => string.Join('\n', Harness.Logs.Lines.TakeLast(40));

    public async Task StopWorkerAsync()
    {
        if (_run is null)
        {
            return;
        }

        await _stop.CancelAsync();
        var exit = await _run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"ackpoller run exited {exit}: {ErrorText}");
        _run = null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_run is not null)
            {
                await _stop.CancelAsync();
                await _run.WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(_secretVariable, null);
            _stop.Dispose();
            _http.Dispose();
            await Harness.DisposeAsync();
        }
    }
}

/// <summary>Hands the worker's service provider to the test when the host starts.</summary>
internal sealed class ServicesCapture(IServiceProvider services, TaskCompletionSource<IServiceProvider> target) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        target.TrySetResult(services);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Text helpers for assertions.</summary>
internal static class MessageText
{
    public static string Of(MimeMessage message) => message.GetTextBody() ?? message.GetHtmlBody() ?? Encoding.UTF8.GetString(message.Raw.Span);
}
