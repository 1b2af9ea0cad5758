using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Registration;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.EntraStandIn;

/// <summary>One in-process stand-in (free port, ephemeral signing key) per test class. Tests register their own apps
/// with unique client ids, so fault rules and MSAL's client-side throttling never leak between tests.</summary>
public sealed class StandInFixture : IAsyncLifetime
{
    public const string Password = "fixture-password";

    public EntraStandInHost Host { get; private set; } = null!;

    public HttpClient Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await EntraStandInHost.StartAsync(new EntraStandInOptions { Url = "https://localhost:0", UserPassword = Password });
        Browser = new HttpClient(Host.CreateHttpMessageHandler()) { BaseAddress = Host.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        Browser.Dispose();
        await Host.DisposeAsync();
    }

    public static string NewUser(string prefix = "user") => new SandboxSettings().NewAddress(prefix);

    /// <summary>Registers a fresh app; <paramref name="configure"/> adjusts the registration.</summary>
    public AppRegistration RegisterApp(Func<AppRegistration, AppRegistration>? configure = null)
    {
        var app = new AppRegistration
        {
            ClientId = Guid.NewGuid().ToString(),
            Secrets = [new AppSecret { Value = "secret-" + Guid.NewGuid().ToString("N") }],
            RedirectUris = ["http://localhost:7777/callback"],
            AppMailbox = NewUser("app"),
        };
        app = configure?.Invoke(app) ?? app;
        Host.Registry.AddApp(app);
        return app;
    }
}
