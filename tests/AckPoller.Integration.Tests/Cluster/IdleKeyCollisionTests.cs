using AckPoller.Cli;
using AckPoller.Integration.Tests.Cli;

namespace AckPoller.Integration.Tests.Cluster;

/// <summary>`ackpoller run` with PostgreSQL refuses, before connecting anywhere, two IDLE accounts whose ownership lock
/// keys collide (they could not be owned by different nodes), naming both.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class IdleKeyCollisionTests : IDisposable
{
    private readonly CliFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_refuses_two_idle_accounts_with_the_same_lock_key_naming_both()
    {
        // acct-78235 and acct-124172: the first 4 bytes of their SHA-256 are equal.
        var accounts = string.Join(",", new[] { "acct-78235", "acct-124172" }.Select(name => $$"""
            { "Name": "{{name}}", "Mailbox": "{{name}}@northwind.example", "Protocol": "Imap",
              "IncomingServer": "imaps://127.0.0.1:1", "SmtpServer": "smtp://127.0.0.1:1", "AuthKind": "Password", "PasswordEnv": "{{_folder.PasswordVariable}}" }
            """));
        var config = await _folder.WriteAsync("appsettings.json", $$"""
            {
              "Storage": { "Provider": "PostgreSql", "ConnectionString": "Host=127.0.0.1;Port=1;Username=ackpoller;Database=ackpoller" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(_folder.Path, "cache.key")}}" },
              "Web": { "Enabled": false },
              "Alerts": { "MessageIdDomain": "alerts.northwind.example" },
              "Accounts": [ {{accounts}} ]
            }
            """);

        var run = await CliRun.RunAsync("run", "--config", config);

        Assert.True(run.Exit == RunCommand.ExitBadConfiguration, run.ToString());
        Assert.Contains("'acct-78235' and 'acct-124172' hash to the same IDLE ownership lock key", run.Error, StringComparison.Ordinal);
    }
}
