using System.Net;
using System.Net.Sockets;
using AckPoller.Core.Auth;
using AckPoller.Integration.Tests.Auth;
using AckPoller.Integration.Tests.EndToEnd;
using AckPoller.Web;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Integration.Tests.Web;

/// <summary>`ackpoller run` in-process with the end-to-end world's app-only account and two delegated accounts nobody has
/// signed in: "fresh" (authorization code, redirect URI = this worker's /oauth/callback, registered at the stand-in) and
/// "device" (device code). Both poll on a cron that never fires during a test, so they stay Unconfigured (a poll would
/// turn them ReauthRequired with a link of the worker's own).</summary>
internal sealed class SignInStartWorld : IAsyncDisposable
{
    public const string Fresh = "fresh";
    public const string Device = "device";
    private const string NeverDuringATest = "0 0 0 1 1 ? 2099";

    private SignInStartWorld(EndToEndWorld world)
    {
        World = world;
        FreshMailbox = world.Harness.Settings.NewAddress("fresh");
        DeviceMailbox = world.Harness.Settings.NewAddress("device");
    }

    public EndToEndWorld World { get; }

    public AuthHarness Harness => World.Harness;

    public string FreshMailbox { get; }

    public string DeviceMailbox { get; }

    public Uri BaseUri { get; private set; } = null!;

    public IServiceProvider Services { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public static async Task<SignInStartWorld> StartAsync()
    {
        var world = new SignInStartWorld(await EndToEndWorld.StartAsync(ReplyChannel.ImapPolling, startWorker: false));
        try
        {
            await world.StartWorkerAsync();
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    public async Task<AuthState> StateAsync(string account) =>
        (await World.Store.AuthStates.GetAsync(account, default))?.State ?? AuthState.Unconfigured;

    public async Task<AccountAuthStatus?> StatusAsync(string account) => await World.Store.AuthStates.GetAsync(account, default);

    public async Task WaitForStateAsync(string account, AuthState state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await StateAsync(account) != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{account} did not become {state}. Worker stderr: {World.ErrorText}\n{string.Join('\n', Harness.Logs.Lines.TakeLast(30))}");
            await Task.Delay(200);
        }
    }

    private async Task StartWorkerAsync()
    {
        var harness = Harness;
        var settings = harness.Settings;
        var port = FreePort();
        var callback = $"http://127.0.0.1:{port}/oauth/callback";
        var app = harness.Entra.Registry.FindApp(harness.ClientId)!.Registration;
        harness.Entra.Registry.AddApp(app with { RedirectUris = [.. app.RedirectUris, callback] });

        var delegated = $$"""
            "IncomingServer": "imaps://{{settings.Host}}:{{settings.Ports.Imaps}}", "Protocol": "Imap",
            "TenantId": "{{harness.Entra.TenantId}}", "ClientId": "{{harness.ClientId}}",
            "Polling": { "Cron": "{{NeverDuringATest}}", "Idle": false }
            """;
        await File.WriteAllTextAsync(World.ConfigPath, $$"""
            {
              "Storage": { "DatabasePath": "{{harness.DatabasePath}}" },
              "Web": { "Url": "http://127.0.0.1:{{port}}" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(harness.Folder, "keys", "cache.key")}}" },
              "Auth": { "ExtraCaFile": "{{settings.CaFile}}" },
              "Alerts": { "SenderAccount": "{{EndToEndWorld.AccountName}}", "MessageIdDomain": "{{EndToEndWorld.MessageIdDomain}}", "SmtpExtraCaFile": "{{settings.CaFile}}" },
              "Accounts": [ {
                "Name": "{{EndToEndWorld.AccountName}}", "Mailbox": "{{World.Monitored}}", "Protocol": "Imap",
                "IncomingServer": "imaps://{{settings.Host}}:{{settings.Ports.Imaps}}",
                "SmtpServer": "smtp://{{settings.Host}}:{{settings.Ports.Submission}}",
                "AuthKind": "ClientCredentials", "TenantId": "{{harness.Entra.TenantId}}", "ClientId": "{{harness.ClientId}}",
                "ClientSecretEnv": "{{World.SecretVariable}}", "Polling": { "Interval": "01:00:00", "Idle": false } },
              { "Name": "{{Fresh}}", "Mailbox": "{{FreshMailbox}}", "AuthKind": "DelegatedAuthorizationCode",
                "ClientSecretEnv": "{{World.SecretVariable}}", "RedirectUri": "{{callback}}", {{delegated}} },
              { "Name": "{{Device}}", "Mailbox": "{{DeviceMailbox}}", "AuthKind": "DelegatedDeviceCode", {{delegated}} } ]
            }
            """);
        World.StartWorker();
        Services = await World.WorkerServicesAsync();
        BaseUri = await Services.GetRequiredService<WebAddress>().WhenBound.WaitAsync(TimeSpan.FromSeconds(60));
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(60) };
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
        Http?.Dispose();
        await World.DisposeAsync();
    }
}
