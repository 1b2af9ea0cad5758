using System.Net;
using System.Net.Sockets;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Web;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Browser.Tests;

/// <summary>`ackpoller run` in-process against the sandbox with two accounts: the app-only "replies" account of the
/// end-to-end world, and a delegated account ("delegated") signed in beforehand, whose redirect URI is this worker's
/// own /oauth/callback; optionally a third, "fresh", that nobody has signed in. The web side listens on a port chosen up
/// front (the redirect URI must name it).</summary>
internal sealed class BrowserWorld : IAsyncDisposable
{
    public const string Delegated = "delegated";
    public const string Fresh = "fresh";

    private readonly string _keyVariable = "ACKPOLLER_BROWSER_KEY_" + Guid.NewGuid().ToString("N");

    private BrowserWorld(EndToEndWorld world, string delegatedMailbox)
    {
        World = world;
        DelegatedMailbox = delegatedMailbox;
    }

    public EndToEndWorld World { get; }

    public AuthHarness Harness => World.Harness;

    public string DelegatedMailbox { get; }

    public string? FreshMailbox { get; private init; }

    public Uri BaseUri { get; private set; } = null!;

    public IServiceProvider Services { get; private set; } = null!;

    /// <param name="neverSignedIn">Adds <see cref="Fresh"/>: a delegated (authorization-code) account nobody has signed in,
    /// polled on a cron that never fires during a test, so it stays Unconfigured with no link of the worker's own.</param>
    public static async Task<BrowserWorld> StartAsync(bool neverSignedIn = false)
    {
        // Short-lived access tokens: every poll of the delegated account asks the authority with its refresh token.
        var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapPolling, startWorker: false, accessTokenLifetimeSeconds: 30);
        var browserWorld = new BrowserWorld(world, world.Harness.Settings.NewAddress("delegated"))
        {
            FreshMailbox = neverSignedIn ? world.Harness.Settings.NewAddress("fresh") : null,
        };
        try
        {
            await browserWorld.StartWorkerAsync();
            return browserWorld;
        }
        catch
        {
            await browserWorld.DisposeAsync();
            throw;
        }
    }

    private async Task StartWorkerAsync()
    {
        var harness = Harness;
        var settings = harness.Settings;
        Environment.SetEnvironmentVariable(_keyVariable, Convert.ToBase64String(harness.Key));

        // Signed in before the worker starts (same database and key), as `ackpoller auth login` would have done.
        var before = await harness.OpenAsync(harness.Account(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Imap, DelegatedMailbox, name: Delegated));
        await harness.SignInWithAuthorizationCodeAsync(before, Delegated);
        await harness.CloseAsync(before);

        var port = FreePort();
        var callback = $"http://127.0.0.1:{port}/oauth/callback";
        var app = harness.Entra.Registry.FindApp(harness.ClientId)!.Registration;
        harness.Entra.Registry.AddApp(app with { RedirectUris = [.. app.RedirectUris, callback] });

        var fresh = FreshMailbox is null ? string.Empty : "," + $$"""
              {
                "Name": "{{Fresh}}", "Mailbox": "{{FreshMailbox}}", "Protocol": "Imap",
                "IncomingServer": "imaps://{{settings.Host}}:{{settings.Ports.Imaps}}",
                "AuthKind": "DelegatedAuthorizationCode", "TenantId": "{{harness.Entra.TenantId}}", "ClientId": "{{harness.ClientId}}",
                "ClientSecretEnv": "{{World.SecretVariable}}", "RedirectUri": "{{callback}}",
                "Polling": { "Cron": "0 0 0 1 1 ? 2099", "Idle": false } }
            """;
        await File.WriteAllTextAsync(World.ConfigPath, $$"""
            {
              "Storage": { "DatabasePath": "{{harness.DatabasePath}}" },
              "Web": { "Url": "http://127.0.0.1:{{port}}" },
              "TokenCache": { "KeyEnv": "{{_keyVariable}}" },
              "Auth": { "ExtraCaFile": "{{settings.CaFile}}" },
              "Scheduling": { "OutboxInterval": "00:00:01", "MailRetryBaseDelay": "00:00:00.2", "PausedRecheckInterval": "00:00:02" },
              "Alerts": { "SenderAccount": "{{EndToEndWorld.AccountName}}", "MessageIdDomain": "{{EndToEndWorld.MessageIdDomain}}", "SmtpExtraCaFile": "{{settings.CaFile}}" },
              "Accounts": [ {
                "Name": "{{EndToEndWorld.AccountName}}", "Mailbox": "{{World.Monitored}}", "Protocol": "Imap",
                "IncomingServer": "imaps://{{settings.Host}}:{{settings.Ports.Imaps}}",
                "SmtpServer": "smtp://{{settings.Host}}:{{settings.Ports.Submission}}",
                "AuthKind": "ClientCredentials", "TenantId": "{{harness.Entra.TenantId}}", "ClientId": "{{harness.ClientId}}",
                "ClientSecretEnv": "{{World.SecretVariable}}",
                "Processing": { "ProcessExistingMail": true }, "Polling": { "Interval": "00:00:01", "Idle": false } },
              {
                "Name": "{{Delegated}}", "Mailbox": "{{DelegatedMailbox}}", "Protocol": "Imap",
                "IncomingServer": "imaps://{{settings.Host}}:{{settings.Ports.Imaps}}",
                "AuthKind": "DelegatedAuthorizationCode", "TenantId": "{{harness.Entra.TenantId}}", "ClientId": "{{harness.ClientId}}",
                "ClientSecretEnv": "{{World.SecretVariable}}", "RedirectUri": "{{callback}}",
                "Processing": { "ProcessExistingMail": true }, "Polling": { "Interval": "00:00:01", "Idle": false } }{{fresh}} ]
            }
            """);
        World.StartWorker();
        Services = await World.WorkerServicesAsync();
        BaseUri = await Services.GetRequiredService<WebAddress>().WhenBound.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Rows in the ack log, as the recorder writes them.</summary>
    public async Task SeedAckLogAsync(params AckLogEntry[] entries)
    {
        await using var work = await World.Store.Transactions.BeginAsync(default);
        foreach (var entry in entries)
        {
            await work.AppendAckLogAsync(entry, default);
        }

        await work.CommitAsync(default);
    }

    public static AckLogEntry Entry(DateTimeOffset processedAt, AckAction action, AckOutcome outcome, string actor, string comment) => new()
    {
        Action = action,
        Outcome = outcome,
        ActorAddress = actor,
        Comment = comment,
        ReceivedAt = processedAt,
        ProcessedAt = processedAt,
        Account = EndToEndWorld.AccountName,
        Protocol = "imap",
        MessageKey = Guid.NewGuid().ToString("N"),
        Reason = outcome == AckOutcome.Applied ? "applied" : "sender not allowed",
    };

    public async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}. Worker stderr: {World.ErrorText}\n{string.Join('\n', Harness.Logs.Lines.TakeLast(40))}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A port free right now (the redirect URI has to be known before the worker starts).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await World.DisposeAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable(_keyVariable, null);
        }
    }
}
