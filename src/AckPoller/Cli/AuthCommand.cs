using System.CommandLine;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using AckPoller.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Cli;

/// <summary>`ackpoller auth status | login &lt;account&gt; [--device-code] | logout &lt;account&gt;`.
/// Exit codes: 0 fine, 1 failed, 2 `status` found an account that needs attention, 3 invalid configuration.</summary>
public static class AuthCommand
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitNeedsAttention = 2;
    public const int ExitBadConfiguration = 3;

    /// <param name="configOption">The root's --config option when it has one; otherwise `auth` defines its own.</param>
    /// <param name="services">Test hook: replaces services (e.g. MSAL's HTTP client factory) before the defaults.</param>
    public static Command Create(Option<string?>? configOption = null, Action<IServiceCollection>? services = null)
    {
        var command = new Command("auth", "Sign mail accounts in and out, and show their OAuth state.");
        if (configOption is null)
        {
            configOption = new Option<string?>("--config") { Description = "Configuration file (default: appsettings.json in the working directory).", Recursive = true };
            command.Options.Add(configOption);
        }

        command.Subcommands.Add(StatusCommand(configOption, services));
        command.Subcommands.Add(LoginCommand(configOption, services));
        command.Subcommands.Add(LogoutCommand(configOption, services));
        return command;
    }

    private static Command StatusCommand(Option<string?> configOption, Action<IServiceCollection>? services)
    {
        var command = new Command("status", "Show every account's auth state, what to do about it, and credentials that expire soon.");
        command.SetAction((parse, cancellationToken) => RunAsync(parse, configOption, services, async (host, output) =>
        {
            var accounts = host.Services.GetRequiredService<AccountAuthenticators>();
            var rows = new List<(AccountAuthenticator, AccountAuthStatus)>();
            foreach (var account in accounts.All)
            {
                rows.Add((account, await account.GetStatusAsync(cancellationToken)));
            }

            var warnings = host.Services.GetRequiredService<CredentialExpiryMonitor>().Check();
            AuthStatusTable.Write(output, rows, warnings);
            return rows.TrueForAll(r => r.Item2.State == AuthState.Authorized) && warnings.Count == 0 ? ExitOk : ExitNeedsAttention;
        }, cancellationToken));
        return command;
    }

    private static Command LoginCommand(Option<string?> configOption, Action<IServiceCollection>? services)
    {
        var accountArgument = new Argument<string>("account") { Description = "The account's Name from the configuration." };
        var deviceCode = new Option<bool>("--device-code") { Description = "Sign in with a code typed on any device (no browser needed on this machine)." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "How long to wait for the sign-in.", DefaultValueFactory = _ => TimeSpan.FromMinutes(15) };
        var command = new Command("login", "Sign an account in: prints the sign-in URL or device code and waits until it is done.");
        command.Arguments.Add(accountArgument);
        command.Options.Add(deviceCode);
        command.Options.Add(timeout);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, configOption, services, async (host, output) =>
        {
            var accounts = host.Services.GetRequiredService<AccountAuthenticators>();
            var account = accounts.Get(parse.GetValue(accountArgument)!);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(parse.GetValue(timeout));
            try
            {
                return await AuthLoginFlow.RunAsync(host, account, parse.GetValue(deviceCode), output, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await output.WriteLineAsync($"Gave up waiting for the sign-in of {account.Name} after {parse.GetValue(timeout)}.");
                return ExitFailed;
            }
        }, cancellationToken));
        return command;
    }

    private static Command LogoutCommand(Option<string?> configOption, Action<IServiceCollection>? services)
    {
        var accountArgument = new Argument<string>("account") { Description = "The account's Name from the configuration." };
        var command = new Command("logout", "Forget an account's sign-in: its cached tokens are deleted and it needs a new sign-in.");
        command.Arguments.Add(accountArgument);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, configOption, services, async (host, output) =>
        {
            var accounts = host.Services.GetRequiredService<AccountAuthenticators>();
            var account = accounts.Get(parse.GetValue(accountArgument)!);
            await account.SignOutAsync(host.Services.GetRequiredService<ITokenCacheStore>(), cancellationToken);
            await output.WriteLineAsync($"{account.Name}: signed out; its cached tokens were deleted.");
            return ExitOk;
        }, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Option<string?> configOption, Action<IServiceCollection>? services, Func<IHost, TextWriter, Task<int>> body, CancellationToken cancellationToken)
    {
        // `status` and `logout` print everything worth knowing themselves; `login` also shows MSAL's warnings.
        var logLevel = parse.CommandResult.Command.Name == "login" ? LogLevel.Warning : LogLevel.Error;
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var host = await AckPollerHostBuilder.OpenAsync(parse.GetValue(configOption), cancellationToken, services, logLevel);
            try
            {
                return await body(host, output);
            }
            finally
            {
                await ((IAsyncDisposable)host).DisposeAsync();
            }
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitBadConfiguration;
        }
        catch (KeyNotFoundException ex)
        {
            await error.WriteLineAsync(ex.Message.Trim('"'));
            return ExitFailed;
        }
        catch (AccountAuthException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitFailed;
        }
        catch (StoreException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitFailed;
        }
    }
}
