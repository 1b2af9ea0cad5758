using AckPoller.Core.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace AckPoller.Integration.Tests.Jobs;

/// <summary>The IDLE listener against the real sandbox Dovecot: a delivered reply triggers the account's poll (through
/// the runner's per-account lock) within about a second, and a server-side disconnect is survived.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class IdleListenerSandboxTests
{
    private readonly ITestOutputHelper _output;

    public IdleListenerSandboxTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_delivered_reply_triggers_the_accounts_poll_within_about_a_second()
    {
        await using var sandbox = JobsSandbox.Create();
        var account = sandbox.AddImapAccount("idle");
        await sandbox.OpenAsync();
        var poller = new RecordingPoller();
        await using var engine = Engine(sandbox, poller);
        using var stop = new CancellationTokenSource();
        var listener = Listener(sandbox, engine, account);
        var idling = Signal(listener);
        var run = listener.RunAsync(stop.Token);

        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            await idling.WaitAsync(TimeSpan.FromSeconds(30));
            idling = Signal(listener);
            await Task.Delay(200);
            var sent = poller.Now;
            await SandboxMail.DeliverAsync(sandbox.Settings, sandbox.Settings.NewAddress("jane"), account.Mailbox,
                SandboxMail.SimpleMessage("jane@sandbox.test", account.Mailbox, $"RE: [AP-ABC12{i}] disk full", "ack"));
            var polled = await poller.WaitForPollAfterAsync("idle", sent, TimeSpan.FromSeconds(10));
            latencies.Add(polled - sent);
        }

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        latencies.Sort();
        _output.WriteLine($"delivery → poll latency (ms): {string.Join(", ", latencies.Select(l => (int)l.TotalMilliseconds))}; median {(int)latencies[2].TotalMilliseconds} ms, max {(int)latencies[^1].TotalMilliseconds} ms");
        Assert.True(latencies[2] < TimeSpan.FromSeconds(1), $"median latency {latencies[2]}");
        Assert.True(latencies[^1] < TimeSpan.FromSeconds(2), $"max latency {latencies[^1]}");
        Assert.Equal(1, listener.Connections);
    }

    [Fact]
    public async Task A_server_side_disconnect_is_survived_and_the_next_reply_still_triggers_a_poll()
    {
        await using var sandbox = JobsSandbox.Create();
        await using var proxy = new TcpRelay(sandbox.Settings.Ports.Imaps);
        var account = sandbox.AddImapAccount("idle-drop", proxy.Port);
        await sandbox.OpenAsync();
        var poller = new RecordingPoller();
        await using var engine = Engine(sandbox, poller);
        using var stop = new CancellationTokenSource();
        var listener = Listener(sandbox, engine, account);
        var changes = new List<bool>();
        listener.ConnectionChanged += (_, connected) =>
        {
            lock (changes)
            {
                changes.Add(connected);
            }
        };
        var idling = Signal(listener);
        var run = listener.RunAsync(stop.Token);
        await idling.WaitAsync(TimeSpan.FromSeconds(30));

        idling = Signal(listener);
        proxy.DropAll();
        await idling.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, listener.Connections);
        Assert.Equal(2, proxy.Accepted);

        await Task.Delay(200);
        var sent = poller.Now;
        await SandboxMail.DeliverAsync(sandbox.Settings, "jane@sandbox.test", account.Mailbox,
            SandboxMail.SimpleMessage("jane@sandbox.test", account.Mailbox, "RE: [AP-XYZ789] after the drop", "ack"));
        var polled = await poller.WaitForPollAfterAsync("idle-drop", sent, TimeSpan.FromSeconds(10));
        _output.WriteLine($"after reconnect: delivery → poll {(int)(polled - sent).TotalMilliseconds} ms");

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("IDLE connection failed", sandbox.Logs.Text, StringComparison.Ordinal);
        lock (changes)
        {
            Assert.Equal([true, false, true, false], changes);
        }
    }

    private static TestEngine Engine(JobsSandbox sandbox, RecordingPoller poller) => new(sandbox, poller);

    private static ImapIdleListener Listener(JobsSandbox sandbox, TestEngine engine, Core.Configuration.MailAccountOptions account) =>
        new(account, new ImapIdleConnector(sandbox.Accounts, sandbox.Pipelines, sandbox.Connection, sandbox.Loggers), engine.Pauses,
            engine.Runner.RequestPoll, TimeProvider.System, sandbox.Loggers.CreateLogger($"AckPoller.Idle.{account.Name}"), reconnectBaseDelay: TimeSpan.FromMilliseconds(200));

    private static Task Signal(ImapIdleListener listener)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(object? sender, EventArgs e)
        {
            listener.Idling -= Handler;
            signal.TrySetResult();
        }

        listener.Idling += Handler;
        return signal.Task;
    }

    /// <summary>The runner and its collaborators around a recording poller.</summary>
    private sealed class TestEngine : IAsyncDisposable
    {
        public TestEngine(JobsSandbox sandbox, RecordingPoller poller)
        {
            Pauses = new AccountPauses(sandbox.Accounts.States, NullLogger<AccountPauses>.Instance);
            Runner = new AccountPollRunner(sandbox.Options, poller, Gate, Pauses, sandbox.Pipelines, sandbox.Accounts.States, TimeProvider.System,
                sandbox.Loggers.CreateLogger<AccountPollRunner>());
        }

        public AccountPollGate Gate { get; } = new();

        public AccountPauses Pauses { get; }

        public AccountPollRunner Runner { get; }

        public async ValueTask DisposeAsync()
        {
            await Runner.DisposeAsync();
            Pauses.Dispose();
            Gate.Dispose();
        }
    }
}
