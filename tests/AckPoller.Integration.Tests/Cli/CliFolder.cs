namespace AckPoller.Integration.Tests.Cli;

/// <summary>A temporary folder with a configuration for commands that only need the store (a password account that is
/// never contacted), its database inside the folder.</summary>
internal sealed class CliFolder : IDisposable
{
    public CliFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ackpoller-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        PasswordVariable = "ACKPOLLER_CLI_TEST_PASSWORD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(PasswordVariable, "not-used");
    }

    public string Path { get; }

    public string PasswordVariable { get; }

    public async Task<string> WriteAsync(string name, string json)
    {
        var file = System.IO.Path.Combine(Path, name);
        await File.WriteAllTextAsync(file, json);
        return file;
    }

    public Task<string> PasswordConfigAsync() => WriteAsync("appsettings.json", $$"""
        {
          "Storage": { "DatabasePath": "{{System.IO.Path.Combine(Path, "ackpoller.db")}}" },
          "TokenCache": { "KeyEnv": "", "KeyFile": "{{System.IO.Path.Combine(Path, "cache.key")}}" },
          "Alerts": { "MessageIdDomain": "alerts.northwind.example" },
          "Accounts": [ {
            "Name": "oncall", "Mailbox": "alerts@northwind.example", "Protocol": "Imap",
            "IncomingServer": "imaps://127.0.0.1:1", "SmtpServer": "smtp://127.0.0.1:1", "AuthKind": "Password", "PasswordEnv": "{{PasswordVariable}}" } ]
        }
        """);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(PasswordVariable, null);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite connection may still hold the file; the OS temp cleaner gets it.
        }
    }
}
