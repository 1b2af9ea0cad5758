using AckPoller.Core.Configuration;
using AckPoller.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AckPoller.Web;

/// <summary>The HTTP side of `ackpoller run` (Web:Enabled): Kestrel on Web:Url, the API, /healthz, /oauth/callback and
/// the status page, sharing the worker's services (same store, same authenticators).</summary>
public static class AckPollerWeb
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>A web application builder with nothing but Kestrel and routing; the caller adds configuration and services.</summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }

    /// <summary>Listening address and the web services (after the core services: the API key is read here).</summary>
    public static void AddAckPollerWeb(this WebApplicationBuilder builder, WebOptions web)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var address = WebListenAddress.Parse(web);
        if (address.Https)
        {
            // No certificate handling here: TLS belongs to a reverse proxy (nginx, Caddy) in front of the loopback listener.
            throw new ConfigurationException([$"Web:Url: '{web.Url}': AckPoller serves plain HTTP only; put a TLS reverse proxy in front of it and listen on http://, e.g. {WebOptions.DefaultUrl}."]);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Listen(address.Address!, address.Port);
        });
        builder.Services.AddSingleton(ApiKey.Load(web));
        builder.Services.AddSingleton<AllowedHosts>();
        builder.Services.AddSingleton<WebAccess>();
        builder.Services.AddSingleton<WebAddress>();
        builder.Services.AddSingleton<SignInTokens>();
        builder.Services.AddSingleton(sp => AlertmanagerToken.Load(sp.GetRequiredService<AckPollerOptions>().Integrations.Alertmanager));
        builder.Services.AddSingleton<StoreErrors>();
        builder.Services.AddHostedService<WebAddressAnnouncer>();
        builder.Services.AddAckPollerHealthChecks();
    }

    public static void MapAckPollerWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(SecurityHeaders.InvokeAsync);
        app.Use(app.Services.GetRequiredService<StoreErrors>().InvokeAsync);
        var access = app.Services.GetRequiredService<WebAccess>();
        app.Use(access.InvokeAsync);
        StatusPage.Map(app);
        StatusPageStyles.Map(app);
        PageSignIn.Map(app);
        AckLogEndpoints.Map(app);
        AlertEndpoints.Map(app);
        AccountEndpoints.Map(app);
        ClusterEndpoints.Map(app);
        HealthEndpoint.Map(app);
        HealthProbes.Map(app);
        if (app.Services.GetRequiredService<AckPollerOptions>().Telemetry.Metrics)
        {
            MetricsEndpoint.Map(app);
        }

        OAuthCallbackEndpoint.Map(app);
        SignInStartEndpoint.Map(app);
        AlertmanagerEndpoint.Map(app);
        WebhookEndpoints.Map(app);
    }
}
