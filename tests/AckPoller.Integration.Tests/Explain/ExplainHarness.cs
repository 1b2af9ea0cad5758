using AckPoller.Core.Storage;
using AckPoller.Cli;
using AckPoller.Core.Alerts;
using AckPoller.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AckPoller.Integration.Tests.Explain;

/// <summary>Runs `ackpoller explain` in-process, and builds a configuration with a migrated SQLite database holding alerts.</summary>
internal sealed class ExplainHarness : IDisposable
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public ExplainHarness()
    {
        Folder = Path.Combine(Path.GetTempPath(), "ackpoller-explain-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        PasswordVariable = "ACKPOLLER_EXPLAIN_TEST_PASSWORD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(PasswordVariable, "not-used");
    }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "ackpoller.db");

    private string PasswordVariable { get; }

    public static string MimeCorpus(string name) => Path.Combine(Root.Value, "tests", "AckPoller.Mail.Tests", "Corpus", name);

    public static string Message(string name) => Path.Combine(Root.Value, "tests", "AckPoller.Integration.Tests", "Explain", "Messages", name);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await AckPollerCli.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A configuration file whose database is <see cref="DatabasePath"/> (not created here).</summary>
    public async Task<string> WriteConfigAsync(string replies = "{}")
    {
        var config = Path.Combine(Folder, "appsettings.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Storage": { "DatabasePath": "{{DatabasePath}}" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(Folder, "cache.key")}}" },
              "Alerts": { "MessageIdDomain": "alerts.northwind.example" },
              "Replies": {{replies}},
              "Accounts": [ {
                "Name": "oncall", "Mailbox": "alerts@northwind.example", "Protocol": "Imap",
                "IncomingServer": "imaps://127.0.0.1:1", "AuthKind": "Password", "PasswordEnv": "{{PasswordVariable}}" } ]
            }
            """);
        return config;
    }

    /// <summary>Migrates the database and registers the alerts, as another monitoring system's alerts are registered.</summary>
    public async Task<IReadOnlyList<Alert>> RegisterAlertsAsync(string config, params RegisterAlertRequest[] requests)
    {
        using var host = await AckPollerHostBuilder.OpenAsync(config, CancellationToken.None);
        var service = host.Services.GetRequiredService<AlertService>();
        var alerts = new List<Alert>();
        foreach (var request in requests)
        {
            alerts.Add(await service.RegisterAsync(request, CancellationToken.None));
        }

        return alerts;
    }

    /// <summary>Sets an alert's state directly, as earlier replies would have.</summary>
    public async Task SetStateAsync(string config, Alert alert, AlertState state)
    {
        using var host = await AckPollerHostBuilder.OpenAsync(config, CancellationToken.None);
        await using var work = await host.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(CancellationToken.None);
        await work.UpdateAlertStateAsync(alert with { State = state, UpdatedAt = DateTimeOffset.UtcNow }, CancellationToken.None);
        await work.CommitAsync(CancellationToken.None);
    }

    public async Task<Alert?> ReadAlertAsync(string config, AlertReference reference)
    {
        using var host = AckPollerHostBuilder.Create(config).Build();
        return await host.Services.GetRequiredService<IAlertStore>().FindByReferenceAsync(reference, CancellationToken.None);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(PasswordVariable, null);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AckPoller.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"AckPoller.sln not found above {AppContext.BaseDirectory}.");
    }
}
