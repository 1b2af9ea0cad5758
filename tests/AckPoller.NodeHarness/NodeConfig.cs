using System.Text.Json;
using System.Text.Json.Nodes;
using AckPoller.Sandbox;

namespace AckPoller.NodeHarness;

/// <summary>An `ackpoller run` configuration on the sandbox mail servers, as a JSON object the caller adjusts before
/// writing it. Secrets never go into it: every password is named by an environment variable (PasswordEnv) that
/// <see cref="NodeLaunch.Environment"/> sets for the process.</summary>
internal static class NodeConfig
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The sections every harness node has: <paramref name="storage"/>; Web on a free loopback port; the TokenCache
    /// key in &lt;folder&gt;/keys/cache.key (no key variable), so configurations written to one folder share one key;
    /// the sandbox CA for IMAP/POP3 (Auth:ExtraCaFile) and for confirmations (Alerts:SmtpExtraCaFile); Alerts:SenderAccount
    /// and MessageIdDomain; an empty Scheduling section; <paramref name="accounts"/>.</summary>
    public static JsonObject Sandbox(SandboxSettings settings, string folder, JsonObject storage, string senderAccount, string messageIdDomain, IEnumerable<JsonObject> accounts) => new()
    {
        ["Storage"] = storage,
        ["Web"] = new JsonObject { ["Url"] = "http://127.0.0.1:0" },
        ["TokenCache"] = new JsonObject { ["KeyEnv"] = "", ["KeyFile"] = Path.Combine(folder, "keys", "cache.key") },
        ["Auth"] = new JsonObject { ["ExtraCaFile"] = settings.CaFile },
        ["Scheduling"] = new JsonObject(),
        ["Alerts"] = new JsonObject { ["SenderAccount"] = senderAccount, ["MessageIdDomain"] = messageIdDomain, ["SmtpExtraCaFile"] = settings.CaFile },
        ["Accounts"] = new JsonArray([.. accounts]),
    };

    /// <summary>Storage on a PostgreSQL database; the password comes from <paramref name="passwordEnv"/>.</summary>
    public static JsonObject PostgreSql(string connectionStringWithoutPassword, string passwordEnv) => new()
    {
        ["Provider"] = "PostgreSql", ["ConnectionString"] = connectionStringWithoutPassword, ["PasswordEnv"] = passwordEnv,
    };

    /// <summary>Storage in a SQLite file (the default provider).</summary>
    public static JsonObject Sqlite(string databasePath) => new() { ["DatabasePath"] = databasePath };

    /// <summary>A sandbox mailbox signed in with the sandbox password (from <paramref name="passwordEnv"/>): IMAP over TLS,
    /// or POP3 over TLS with <paramref name="pop3"/>; confirmations through the submission port; the given Polling section
    /// and, when given, Processing section.</summary>
    public static JsonObject Account(SandboxSettings settings, string name, string mailbox, bool pop3, string passwordEnv, JsonObject polling, JsonObject? processing = null)
    {
        var account = new JsonObject
        {
            ["Name"] = name,
            ["Mailbox"] = mailbox,
            ["Protocol"] = pop3 ? "Pop3" : "Imap",
            ["IncomingServer"] = pop3 ? $"pop3s://{settings.Host}:{settings.Ports.Pop3s}" : $"imaps://{settings.Host}:{settings.Ports.Imaps}",
            ["SmtpServer"] = $"smtp://{settings.Host}:{settings.Ports.Submission}",
            ["AuthKind"] = "Password",
            ["PasswordEnv"] = passwordEnv,
        };
        if (processing is not null)
        {
            account["Processing"] = processing;
        }

        account["Polling"] = polling;
        return account;
    }

    /// <summary>Writes <paramref name="config"/> to <paramref name="path"/>, readable and writable by the owner only (0600 on
    /// Unix: a node's configuration may name where its secrets are); returns the path.</summary>
    public static async Task<string> WriteAsync(JsonObject config, string path)
    {
        await File.WriteAllTextAsync(path, config.ToJsonString(Indented));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    /// <summary>A new folder &lt;temp&gt;/<paramref name="kind"/>/&lt;random&gt; for one run's configuration, keys and logs,
    /// open to the owner only (0700 on Unix).</summary>
    public static string NewFolder(string kind)
    {
        var folder = Path.Combine(Path.GetTempPath(), kind, Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return folder;
    }
}
