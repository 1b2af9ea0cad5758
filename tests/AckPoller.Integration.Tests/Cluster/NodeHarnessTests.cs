using System.Text.Json;
using System.Text.Json.Nodes;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Cluster;

/// <summary>The node harness's own logic, without a worker: the configuration it writes (owner-only file and folder,
/// passwords named by variable, never written), what it reads from a node's output (node id, status page address,
/// bounded tail, the copy in node-N.log), which process a node id names, and a node that ends by itself failing a wait
/// with its exit code and output.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class NodeHarnessTests : IDisposable
{
    private static readonly SandboxSettings Settings = new()
    {
        Host = "mail.sandbox.test",
        CaFile = "/tmp/ca.pem",
        Password = "s3cret-never-in-a-file",
        Ports = new SandboxPorts { Imaps = 1993, Pop3s = 1995, Submission = 1587 },
    };

    private readonly string _folder = NodeConfig.NewFolder("ackpoller-node-harness-tests");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_configuration_is_written_owner_only_names_passwords_by_variable_and_holds_the_sandbox_sections()
    {
        var config = NodeConfig.Sandbox(Settings, _folder, NodeConfig.PostgreSql("Host=127.0.0.1;Database=d", "DB_PW"), "imap0", "ackpoller.sandbox.test",
        [
            NodeConfig.Account(Settings, "imap0", "a@sandbox.test", pop3: false, "MAIL_PW", new JsonObject { ["Idle"] = true }),
            NodeConfig.Account(Settings, "pop0", "b@sandbox.test", pop3: true, "MAIL_PW", new JsonObject { ["Interval"] = "00:00:02" }, new JsonObject { ["DeleteAfterProcessing"] = true }),
        ]);

        var path = await NodeConfig.WriteAsync(config, Path.Combine(_folder, "appsettings.json"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder));
        var text = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain(Settings.Password, text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(("PostgreSql", "DB_PW"), (root.GetProperty("Storage").GetProperty("Provider").GetString(), root.GetProperty("Storage").GetProperty("PasswordEnv").GetString()));
        Assert.Equal(Path.Combine(_folder, "keys", "cache.key"), root.GetProperty("TokenCache").GetProperty("KeyFile").GetString());
        Assert.Equal("", root.GetProperty("TokenCache").GetProperty("KeyEnv").GetString());
        Assert.Equal("/tmp/ca.pem", root.GetProperty("Auth").GetProperty("ExtraCaFile").GetString());
        Assert.Equal("/tmp/ca.pem", root.GetProperty("Alerts").GetProperty("SmtpExtraCaFile").GetString());
        Assert.Equal("imap0", root.GetProperty("Alerts").GetProperty("SenderAccount").GetString());
        Assert.Equal("http://127.0.0.1:0", root.GetProperty("Web").GetProperty("Url").GetString());
        var accounts = root.GetProperty("Accounts").EnumerateArray().ToList();
        Assert.Equal(("Imap", "imaps://mail.sandbox.test:1993"), (accounts[0].GetProperty("Protocol").GetString(), accounts[0].GetProperty("IncomingServer").GetString()));
        Assert.Equal(("Pop3", "pop3s://mail.sandbox.test:1995"), (accounts[1].GetProperty("Protocol").GetString(), accounts[1].GetProperty("IncomingServer").GetString()));
        Assert.All(accounts, a => Assert.Equal(("Password", "MAIL_PW", "smtp://mail.sandbox.test:1587"),
            (a.GetProperty("AuthKind").GetString(), a.GetProperty("PasswordEnv").GetString(), a.GetProperty("SmtpServer").GetString())));
        Assert.False(accounts[0].TryGetProperty("Processing", out _));
        Assert.True(accounts[1].GetProperty("Processing").GetProperty("DeleteAfterProcessing").GetBoolean());
        Assert.True(accounts[0].GetProperty("Polling").GetProperty("Idle").GetBoolean());
    }

    [Fact]
    public async Task A_node_reads_its_id_and_status_page_from_its_output_keeps_a_bounded_tail_and_copies_every_line_to_its_log_file()
    {
        var seen = new List<string>();
        var log = Path.Combine(_folder, "node-0.log");
        var node = new AckPollerNode(new NodeLaunch("ackpoller.dll", "appsettings.json", new Dictionary<string, string>()), onLine: (_, line) => seen.Add(line), logFile: log);
        await using (node)
        {
            node.Observe("out: info: AckPoller.Hosting.NodeHeartbeat[9101]");
            node.Observe("out:       Registered as cluster node my-host-4242-a1b2c3");
            node.Observe("out:       Status page: http://127.0.0.1:8470/");
            for (var i = 0; i < AckPollerNode.TailLines + 50; i++)
            {
                node.Observe($"out: line {i}");
            }

            Assert.Equal("my-host-4242-a1b2c3", node.NodeId);
            Assert.Equal(new Uri("http://127.0.0.1:8470"), await node.WebUrlAsync(TimeSpan.FromSeconds(1)));
            var tail = node.Tail().Split('\n');
            Assert.Equal(AckPollerNode.TailLines, tail.Length);
            Assert.Equal($"out: line {AckPollerNode.TailLines + 49}", tail[^1]);
            Assert.Equal(AckPollerNode.TailLines + 53, seen.Count);
        }

        Assert.Equal(seen, await File.ReadAllLinesAsync(log));
    }

    [Theory]
    [InlineData("my-host-4242-a1b2c3", 4242, true)]
    [InlineData("host-4242-a1b2c3", 4242, true)]
    [InlineData("host-42421-a1b2c3", 4242, false)]
    [InlineData("host-4242", 4242, false)]
    [InlineData("4242-host-a1b2c3", 4242, false)]
    public void A_node_id_names_the_process_whose_pid_stands_before_the_random_part(string nodeId, int pid, bool expected) =>
        Assert.Equal(expected, AckPollerNode.IsOfProcess(nodeId, pid));

    [Fact]
    public async Task A_wait_fails_with_the_exit_code_and_output_when_the_node_ends_by_itself()
    {
        var missing = Path.Combine(_folder, "missing", "ackpoller.dll");
        await using var node = new AckPollerNode(new NodeLaunch(missing, Path.Combine(_folder, "appsettings.json"), new Dictionary<string, string>()), index: 3);
        node.Start();

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => node.WaitUntilAsync(() => Task.FromResult(false), TimeSpan.FromSeconds(60), "something that never comes"));

        Assert.True(node.HasExited);
        Assert.False(node.IsRunning);
        Assert.NotEqual(0, node.ExitCode);
        Assert.Contains($"node 3 (pid {node.Pid}) exited by itself with {node.ExitCode} while waiting for something that never comes", failed.Message, StringComparison.Ordinal);
        Assert.Contains(missing, failed.Message, StringComparison.Ordinal);
    }
}
