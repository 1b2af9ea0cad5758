using System.Reflection;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AckPoller.Integration.Tests.Hosting;

/// <summary>Issue 11, CLI start-up: one-shot commands get their services without the Generic Host
/// (<see cref="OneShotHostBuilder"/>), with the same configuration, logging, metrics and store as the worker's host, and
/// a store that is migrated and usable; the configuration is bound by generated code, not reflection.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class OneShotHostTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly string _password = "ACKPOLLER_ONESHOT_" + Guid.NewGuid().ToString("N");

    public OneShotHostTests() => Environment.SetEnvironmentVariable(_password, "not-used");

    [Fact]
    public async Task A_one_shot_command_gets_the_workers_services_and_a_migrated_store_without_the_host_machinery()
    {
        var config = await WriteConfigAsync();
        var host = await AckPollerHostBuilder.OpenAsync(config, CancellationToken.None, minimumLogLevel: LogLevel.Error);
        await using (host as IAsyncDisposable)
        {
            // The store was migrated by OpenAsync: a query answers (empty) rather than failing on missing tables.
            var page = await host.Services.GetRequiredService<IAckLogStore>().QueryAsync(new AckLogQuery(), CancellationToken.None);
            Assert.Empty(page.Entries);

            Assert.Equal("oncall", host.Services.GetRequiredService<AckPollerOptions>().Accounts[0].Name);
            Assert.Equal("alerts@example.com", host.Services.GetRequiredService<IConfiguration>()["Accounts:0:Mailbox"]);
            Assert.Equal(ConsoleFormatterNames.Simple, host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
            Assert.False(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("x").IsEnabled(LogLevel.Warning));
            Assert.NotNull(host.Services.GetRequiredService<IMeterFactory>());
            Assert.NotNull(host.Services.GetRequiredService<AccountAuthenticators>()); // only IAsyncDisposable: disposed below

            // None of the Generic Host's own services: no lifetime, nothing that would start the hosted services.
            Assert.Null(host.Services.GetService<IHostApplicationLifetime>());
            Assert.Null(host.Services.GetService<IHostLifetime>());
        }
    }

    [Fact]
    public async Task Disposing_synchronously_waits_for_services_that_only_dispose_asynchronously()
    {
        var config = await WriteConfigAsync();
        var host = AckPollerHostBuilder.CreateOneShot(config).Build();
        _ = host.Services.GetRequiredService<AccountAuthenticators>();
        await host.StartAsync();
        await host.StopAsync();
        host.Dispose(); // the default provider's own Dispose throws for such services
        Assert.Throws<ObjectDisposedException>(() => host.Services.GetRequiredService<AckPollerOptions>());
    }

    [Fact]
    public void The_configuration_is_bound_by_generated_code()
    {
        // EnableConfigurationBindingGenerator in AckPoller.Core: the binder's interceptors are compiled into the assembly.
        var generated = typeof(AckPollerConfiguration).Assembly.GetTypes()
            .Where(t => t.Namespace == "Microsoft.Extensions.Configuration.Binder.SourceGeneration" && t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).Length > 0);
        Assert.NotEmpty(generated);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_password, null);
        _folder.Dispose();
    }

    private async Task<string> WriteConfigAsync()
    {
        var path = Path.Combine(_folder.Path, "appsettings.json");
        await File.WriteAllTextAsync(path, $$"""
            {
              "Storage": { "DatabasePath": "{{Path.Combine(_folder.Path, "data", "ackpoller.db")}}" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(_folder.Path, "data", "cache.key")}}" },
              "Alerts": { "MessageIdDomain": "alerts.example.com" },
              "Accounts": [ { "Name": "oncall", "Mailbox": "alerts@example.com", "Protocol": "Imap",
                "IncomingServer": "imaps://127.0.0.1:1", "SmtpServer": "smtp://127.0.0.1:1", "AuthKind": "Password", "PasswordEnv": "{{_password}}" } ]
            }
            """);
        return path;
    }
}
