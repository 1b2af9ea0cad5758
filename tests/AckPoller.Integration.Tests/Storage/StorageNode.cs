using System.Text;
using System.Text.Json.Nodes;
using AckPoller.Core.Alerts;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Storage;

/// <summary>For the storage tests that run a real `ackpoller run` (<see cref="AckPollerNode"/>) on PostgreSQL against the
/// sandbox mail servers: the node's configuration (one IMAP password account, polling every second, one TokenCache key
/// file for every configuration in the folder) and replies delivered to the monitored mailbox.</summary>
internal sealed class StorageNode : IDisposable
{
    public const string DatabasePasswordVariable = "ACKPOLLER_STORAGE_DB_PASSWORD";

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
        var config = NodeConfig.Sandbox(Settings, Folder, JsonNode.Parse(storage)!.AsObject(), "replies", "ackpoller.sandbox.test",
            [NodeConfig.Account(Settings, "replies", Monitored, pop3: false, MailPasswordVariable,
                new JsonObject { ["Idle"] = idle, ["Interval"] = "00:00:01" }, new JsonObject { ["ProcessExistingMail"] = true })]);
        config["Scheduling"] = new JsonObject { ["OutboxInterval"] = "00:00:01" };
        return await NodeConfig.WriteAsync(config, Path.Combine(Folder, name));
    }

    /// <summary>Starts `ackpoller run` on <paramref name="config"/>; dispose the node to kill it.</summary>
    public AckPollerNode Start(string config, string databasePassword)
    {
        var node = new AckPollerNode(WorkerProcess.Launch(config, new Dictionary<string, string>
        {
            [MailPasswordVariable] = Settings.Password,
            [DatabasePasswordVariable] = databasePassword,
        }));
        node.Start();
        return node;
    }

    public void Dispose() => Environment.SetEnvironmentVariable(MailPasswordVariable, null);

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
}
