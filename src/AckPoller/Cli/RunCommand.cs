using System.CommandLine;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Storage;
using AckPoller.Hosting;
using AckPoller.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AckPoller.Cli;

/// <summary>`ackpoller run [--config F]`: the worker in the Generic Host: schema migrations first, then Quartz (a poll
/// per account, outbox, OAuth keep-alive, expiry warnings), the IMAP IDLE listeners and pause/resume on auth state.
/// Ctrl+C or SIGTERM stops it gracefully: running jobs finish, IDLE connections log out.
/// With Web:Enabled (the default) the same host serves Web:Url: the HTTP API, /healthz, /oauth/callback and the status page.
/// Exit codes: 0 stopped normally, 1 failed, 3 invalid configuration.</summary>
public static class RunCommand
{
    public const int ExitBadConfiguration = 3;

    /// <param name="services">Test hook: services registered before the defaults (TryAdd keeps them).</param>
    /// <param name="afterDefaults">Test hook: changes to the services after the defaults (e.g. wrapping the poller).</param>
    public static Command Create(Action<IServiceCollection>? services = null, Action<IServiceCollection>? afterDefaults = null)
    {
        var config = new Option<string?>("--config") { Description = "Configuration file (default: appsettings.json in the working directory)." };
        var command = new Command("run", "Run AckPoller: poll the mailboxes (IMAP IDLE where offered), record acks, send confirmations.");
        command.Options.Add(config);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            IHost host;
            try
            {
                host = Build(parse.GetValue(config), services, afterDefaults);
            }
            catch (ConfigurationException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return ExitBadConfiguration;
            }

            using (host)
            {
                if (host.Services.GetService<IAccountPoller>() is null)
                {
                    await error.WriteLineAsync("No mailbox poller is registered (IAccountPoller): this build cannot process replies.");
                    return ExitCodes.Failure;
                }

                try
                {
                    await host.RunAsync(cancellationToken);
                }
                catch (StoreException ex)
                {
                    await error.WriteLineAsync(ex.Message);
                    return ex.Unreachable ? ExitCodes.ConnectionFailed : ExitCodes.Failure;
                }
                catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
                {
                    // Kestrel could not bind Web:Url (address in use, not an address of this machine).
                    await error.WriteLineAsync($"Web:Url: cannot listen: {ex.Message}");
                    return ExitCodes.Failure;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C through the command line's own handler.
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The worker alone (Web:Enabled false) in the Generic Host, or the worker and the web side (API, status page,
    /// sign-in callback on Web:Url) in one WebApplication sharing the same services.</summary>
    private static IHost Build(string? configFile, Action<IServiceCollection>? services, Action<IServiceCollection>? afterDefaults)
    {
        var serviceManager = ServiceEnvironment.Current();
        ServiceIntegration.UseServiceWorkingDirectory(serviceManager);
        if (!WebEnabled(configFile))
        {
            var builder = AckPollerHostBuilder.Create(configFile, services);
            builder.Services.AddAckPollerWorker(builder.Services.RegisteredOptions());
            builder.AddAckPollerServiceIntegration(serviceManager);
            afterDefaults?.Invoke(builder.Services);
            return builder.Build();
        }

        var web = AckPollerWeb.CreateBuilder();
        var options = AckPollerHostBuilder.Configure(web, configFile, services);
        web.Services.AddAckPollerWorker(options);
        web.AddAckPollerWeb(options.Web);
        web.AddAckPollerServiceIntegration(serviceManager);
        afterDefaults?.Invoke(web.Services);
        var app = web.Build();
        app.MapAckPollerWeb();
        return app;
    }

    /// <summary>Web:Enabled as written (default true); a malformed value takes the web path, whose validation reports it.</summary>
    private static bool WebEnabled(string? configFile)
    {
        var value = AckPollerConfiguration.Build(configFile, Directory.GetCurrentDirectory())["Web:Enabled"];
        return !bool.TryParse(value, out var enabled) || enabled;
    }

    /// <summary>The validated options the core registration put into the services.</summary>
    private static AckPollerOptions RegisteredOptions(this IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(AckPollerOptions) && descriptor.ImplementationInstance is AckPollerOptions options)
            {
                return options;
            }
        }

        throw new InvalidOperationException("The core services did not register the options.");
    }
}
