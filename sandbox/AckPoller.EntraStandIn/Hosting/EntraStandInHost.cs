using System.Net;
using System.Security.Cryptography.X509Certificates;
using AckPoller.EntraStandIn.Endpoints;
using AckPoller.EntraStandIn.Faults;
using AckPoller.EntraStandIn.Registration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AckPoller.EntraStandIn.Hosting;

/// <summary>A running stand-in (in process for tests, or inside the sandbox/entra process). Change registrations and
/// faults through <see cref="Registry"/> and <see cref="Faults"/> at any time.</summary>
public sealed class EntraStandInHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EntraStandInHost(WebApplication app, StandInState state, Uri baseUrl, X509Certificate2 caCertificate)
    {
        _app = app;
        State = state;
        BaseUrl = baseUrl;
        CaCertificate = caCertificate;
    }

    /// <summary>https://localhost:PORT/ (always the host name localhost: MSAL keys its cache by host).</summary>
    public Uri BaseUrl { get; }

    public string TenantId => State.Options.TenantId;

    /// <summary>The authority to give MSAL: https://localhost:PORT/{tenant id}/.</summary>
    public string Authority => new Uri(BaseUrl, TenantId + "/").ToString();

    /// <summary>The CA clients must trust to accept the stand-in's HTTPS certificate.</summary>
    public X509Certificate2 CaCertificate { get; }

    public StandInState State { get; }

    public Registry Registry => State.Registry;

    public FaultSwitchboard Faults => State.Faults;

    /// <summary>Every successful token answer so far (newest last).</summary>
    public IReadOnlyList<TokenIssuance> Issuances => State.Issuances;

    /// <summary>"METHOD /path" of every request so far.</summary>
    public IReadOnlyList<string> Requests => State.Requests;

    public static async Task<EntraStandInHost> StartAsync(EntraStandInOptions options, CancellationToken cancellationToken = default)
    {
        var requested = new Uri(options.Url);
        if (requested.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("The stand-in serves HTTPS only (MSAL requires HTTPS authorities).", nameof(options));
        }

        var (serverCertificate, caCertificate) = Certificates(options);
        var state = new StandInState(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        if (!options.LogToConsole)
        {
            builder.Logging.ClearProviders();
        }
        else
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Result", LogLevel.Warning);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            void Https(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen) => listen.UseHttps(serverCertificate);
            if (requested.IsLoopback && requested.Port != 0 && requested.Host == "localhost")
            {
                kestrel.ListenLocalhost(requested.Port, Https);
            }
            else
            {
                var address = requested.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(requested.Host);
                kestrel.Listen(address, requested.Port, Https);
            }
        });
        builder.Services.AddSingleton(state);

        var app = builder.Build();
        app.Use((context, next) =>
        {
            state.RecordRequest($"{context.Request.Method} {context.Request.Path}");
            return next(context);
        });
        MapEndpoints(app, state);
        await app.StartAsync(cancellationToken);

        var port = ListeningPort(app);
        var baseUrl = new UriBuilder(Uri.UriSchemeHttps, "localhost", port, "/").Uri;
        return new EntraStandInHost(app, state, baseUrl, caCertificate);
    }

    /// <summary>An HTTP handler that trusts the stand-in's CA and reroutes login.microsoftonline.com to it: wrap it in
    /// an HttpClient for MSAL's IMsalHttpClientFactory.</summary>
    public HttpMessageHandler CreateHttpMessageHandler() => StandInHttpHandler.Create(BaseUrl, CaCertificate);

    public bool IsRefreshTokenValid(string refreshToken) => State.RefreshTokens.IsValid(refreshToken);

    /// <summary>Approves a pending device code sign-in as <paramref name="user"/>, as the verification page would.</summary>
    public bool ApproveDeviceCode(string userCode, string user) => State.DeviceCodes.Approve(userCode, user);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static void MapEndpoints(WebApplication app, StandInState state)
    {
        app.MapGet("/{tenant}/oauth2/v2.0/authorize", (HttpContext context, string tenant) => AuthorizeEndpoint.GetAsync(context, tenant, state));
        app.MapPost("/{tenant}/oauth2/v2.0/authorize", (HttpContext context, string tenant) => AuthorizeEndpoint.PostAsync(context, tenant, state));
        app.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext context, string tenant) => TokenEndpoint.HandleAsync(context, tenant, state));
        app.MapPost("/{tenant}/oauth2/v2.0/devicecode", (HttpContext context, string tenant) => DeviceCodeEndpoints.StartAsync(context, tenant, state));
        app.MapGet(DeviceCodeEndpoints.VerificationPath, (HttpContext context) => DeviceCodeEndpoints.ShowPageAsync(context, state));
        app.MapPost(DeviceCodeEndpoints.VerificationPath, (HttpContext context) => DeviceCodeEndpoints.SubmitAsync(context, state));
        app.MapGet("/{tenant}/discovery/instance", (HttpContext context) => DiscoveryEndpoints.InstanceAsync(context, state));
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (HttpContext context, string tenant) => DiscoveryEndpoints.OpenIdConfigurationAsync(context, tenant, state));
        app.MapGet("/{tenant}/discovery/v2.0/keys", (HttpContext context) => DiscoveryEndpoints.KeysAsync(context, state));
        app.MapGet("/error", (string? code) => Results.Text($"AADSTS{code}: see the error_description of the response."));
        AdminEndpoints.Map(app, state);
    }

    private static (X509Certificate2 Server, X509Certificate2 Ca) Certificates(EntraStandInOptions options)
    {
        if (options.ServerCertificate is { } given)
        {
            return (given, options.ServerCertificateIssuer ?? given);
        }

        var ca = TestCertificateAuthority.CreateCa("AckPoller Entra stand-in test CA");
        return (TestCertificateAuthority.IssueServerCertificate(ca), ca);
    }

    private static int ListeningPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port > 0)
            {
                return uri.Port;
            }
        }

        throw new InvalidOperationException("The stand-in started but reports no listening address.");
    }
}
