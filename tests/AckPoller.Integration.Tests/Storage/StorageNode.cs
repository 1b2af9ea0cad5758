using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Storage;

/// <summary>For the storage tests that run a real `ackpoller run` on PostgreSQL against the sandbox mail servers: the
/// node's configuration (one IMAP password account, polling every second, a fixed TokenCache key file), the worker
/// process with its output kept for failure messages, and replies delivered to the monitored mailbox.</summary>
internal sealed class StorageNode : IDisposable
{
    public const string DatabasePasswordVariable = "ACKPOLLER_STORAGE_DB_PASSWORD";

    private readonly ConcurrentQueue<string> _lines = new();

    public StorageNode(string folder)
    {
        Settings = SandboxSettings.Load();
        Folder = folder;
        Monitored = Settings.NewAddress("replies");
        OnCall = Settings.NewAddress("oncall");
        MailPasswordVariable = "ACKPOLLER_STORAGE_MAIL_PASSWORD_" + Guid.NewGuid().ToString("N");
        // Also in this process: in-process commands (`storage copy`) validate the same configuration.
        Environment.SetEnvironmentVariable(MailPasswordVariable, Settings.Password);
    }

    public string MailPasswordVariable { get; }

    public SandboxSettings Settings { get; }

    public string Folder { get; }

    public string Monitored { get; }

    public string OnCall { get; }

    /// <summary>The configuration; <paramref name="storage"/> is the "Storage" section's JSON object; with
    /// <paramref name="idle"/> the account is also watched with IMAP IDLE (polls requested outside Quartz).</summary>
    public async Task<string> WriteConfigAsync(string name, string storage, bool idle = false)
    {
        var path = Path.Combine(Folder, name);
        await File.WriteAllTextAsync(path, $$"""
            {
              "Storage": {{storage}},
              "Web": { "Url": "http://127.0.0.1:0" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(Folder, "keys", "cache.key")}}" },
              "Auth": { "ExtraCaFile": "{{Settings.CaFile}}" },
              "Scheduling": { "OutboxInterval": "00:00:01" },
              "Alerts": { "SenderAccount": "replies", "MessageIdDomain": "ackpoller.sandbox.test", "SmtpExtraCaFile": "{{Settings.CaFile}}" },
              "Accounts": [ {
                "Name": "replies", "Mailbox": "{{Monitored}}", "Protocol": "Imap",
                "IncomingServer": "imaps://{{Settings.Host}}:{{Settings.Ports.Imaps}}",
                "SmtpServer": "smtp://{{Settings.Host}}:{{Settings.Ports.Submission}}",
                "AuthKind": "Password", "PasswordEnv": "{{MailPasswordVariable}}",
                "Processing": { "ProcessExistingMail": true },
                "Polling": { "Idle": {{(idle ? "true" : "false")}}, "Interval": "00:00:01" } } ]
            }
            """);
        return path;
    }

    public Process Start(string config, string databasePassword) =>
        WorkerProcess.Start(config, new Dictionary<string, string>
        {
            [MailPasswordVariable] = Settings.Password,
            [DatabasePasswordVariable] = databasePassword,
        }, Keep);

    public void Dispose() => Environment.SetEnvironmentVariable(MailPasswordVariable, null);

    /// <summary>The worker's last lines, for failure messages.</summary>
    public string Tail() => string.Join('\n', _lines);

    /// <summary>A reply from the on-call address to <paramref name="alert"/>'s email, into the monitored mailbox; returns its Message-ID.</summary>
    public async Task<string> ReplyAsync(Alert alert, string text)
    {
        var id = $"{Guid.NewGuid():N}@client.sandbox.test";
        await SandboxMail.DeliverAsync(Settings, OnCall, Monitored, Encoding.UTF8.GetBytes(
            $"From: Jane Doe <{OnCall}>\r\nTo: <{Monitored}>\r\nSubject: RE: [{alert.Reference}] {alert.Subject}\r\nMessage-ID: <{id}>\r\n" +
            $"In-Reply-To: <{alert.MessageId}>\r\nReferences: <{alert.MessageId}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
            $"{text}\r\n\r\n> Reply \"ack\" to acknowledge.\r\n"));
        return id;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with the worker's output on timeout or exit.</summary>
    public async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Process? worker = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (worker is { HasExited: true })
            {
                throw new InvalidOperationException($"ackpoller run exited with {worker.ExitCode} while waiting for {what}. Worker output:\n{Tail()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}. Worker output:\n{Tail()}");
            }

            await Task.Delay(100);
        }
    }

    public static async Task StopAsync(Process worker)
    {
        if (!worker.HasExited)
        {
            worker.Kill(entireProcessTree: true);
        }

        await worker.WaitForExitAsync();
        worker.Dispose();
    }

    private void Keep(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > 120 && _lines.TryDequeue(out _))
        {
        }
    }
}
