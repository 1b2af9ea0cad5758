using AckPoller.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Hosting;

/// <summary>The Generic Host for every command: configuration from appsettings.json in the working directory (or
/// --config) plus ACKPOLLER__… environment variables, validated at once (a <see cref="ConfigurationException"/> lists
/// every bad key), then the store and auth services.</summary>
public static class AckPollerHostBuilder
{
    public static HostApplicationBuilder Create(string? configFile, Action<IServiceCollection>? overrides = null, LogLevel minimumLogLevel = LogLevel.Information)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Configure(builder, configFile, overrides, minimumLogLevel);
        return builder;
    }

    /// <summary>The same services for a one-shot command, without the Generic Host (<see cref="OneShotHostBuilder"/>).</summary>
    internal static OneShotHostBuilder CreateOneShot(string? configFile, Action<IServiceCollection>? overrides = null, LogLevel minimumLogLevel = LogLevel.Warning)
    {
        var builder = new OneShotHostBuilder();
        Configure(builder, configFile, overrides, minimumLogLevel);
        return builder;
    }

    /// <summary>The same set-up on another kind of host builder (`ackpoller run` uses a WebApplicationBuilder when
    /// Web:Enabled): validated configuration, logging, the test's overrides, then the core services.</summary>
    public static AckPollerOptions Configure(IHostApplicationBuilder builder, string? configFile, Action<IServiceCollection>? overrides = null, LogLevel minimumLogLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = AckPollerConfiguration.Build(configFile, Directory.GetCurrentDirectory());
        var options = AckPollerConfiguration.LoadValidated(configuration);

        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        if (options.Telemetry.LogFormat == TelemetryOptions.JsonLogFormat)
        {
            // One JSON object per line for log shippers: EventId, category, scopes (the account) and the exception.
            builder.Logging.AddJsonConsole(console =>
            {
                console.IncludeScopes = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            });
        }
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        overrides?.Invoke(builder.Services);
        builder.Services.AddAckPollerCore(options);
        return options;
    }

    /// <summary>For one-shot commands: the services (without the Generic Host, see <see cref="OneShotHostBuilder"/>), with
    /// the store migrated, without starting the worker.</summary>
    public static async Task<IHost> OpenAsync(string? configFile, CancellationToken cancellationToken, Action<IServiceCollection>? overrides = null, LogLevel minimumLogLevel = LogLevel.Warning)
    {
        var host = CreateOneShot(configFile, overrides, minimumLogLevel).Build();
        await host.Services.GetRequiredService<StoreInitializer>().StartAsync(cancellationToken);
        return host;
    }
}
