using System.CommandLine;
using System.Data.Common;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using AckPoller.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Cli;

/// <summary>Runs a one-shot command against the configured services (store migrated, worker not started) and turns the
/// failures every command shares into their exit codes: bad configuration 3, store or lookup failures 1.</summary>
internal static class CommandHost
{
    public static async Task<int> RunAsync(
        ParseResult parse,
        Option<string?> configOption,
        Action<IServiceCollection>? services,
        Func<IHost, TextWriter, TextWriter, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var host = await AckPollerHostBuilder.OpenAsync(parse.GetValue(configOption), cancellationToken, services, LogLevel.Error);
            try
            {
                return await body(host, output, error);
            }
            finally
            {
                await ((IAsyncDisposable)host).DisposeAsync();
            }
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            await error.WriteLineAsync("Run 'ackpoller config check' to see every problem with its key.");
            return ExitCodes.BadConfiguration;
        }
        catch (CommandUsageException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitCodes.Usage;
        }
        catch (KeyNotFoundException ex)
        {
            await error.WriteLineAsync(ex.Message.Trim('"'));
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is StoreException or DbException)
        {
            await error.WriteLineAsync($"The database could not be used: {ex.Message}");
            return ex is StoreException { Unreachable: true } ? ExitCodes.ConnectionFailed : ExitCodes.Failure;
        }
        catch (AccountAuthException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitCodes.AuthenticationFailed;
        }
    }

    /// <summary>The --config option every command takes.</summary>
    public static Option<string?> ConfigOption() =>
        new("--config") { HelpName = "FILE", Description = "Configuration file (default: appsettings.json in the working directory); ACKPOLLER__… environment variables override it." };
}
