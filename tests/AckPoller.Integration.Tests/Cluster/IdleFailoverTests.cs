using System.Diagnostics;
using System.Globalization;
using AckPoller.Integration.Tests.Storage;
using Xunit.Abstractions;

namespace AckPoller.Integration.Tests.Cluster;

/// <summary>kill -9 of the node that owns an IDLE account: PostgreSQL ends its session as soon as the kernel closes the
/// dead process's connection, the lock goes with it, another node takes the account at its next round and polls on
/// connecting, so a reply sent right after the kill is acknowledged by the surviving node. The time from the kill to the
/// acknowledgement is printed as `failover: seconds=X.X` (and appended to the file ACKPOLLER_TEST_REPORT names, if set).</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class IdleFailoverTests(PostgresServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_owner_of_an_idle_account_hands_it_to_another_node_which_acknowledges_the_next_reply()
    {
        await using var harness = await IdleNodesHarness.CreateAsync(server, idleCount: 4);
        var nodes = new[] { harness.StartNode(), harness.StartNode() };
        var settled = await harness.WaitSettledAsync(2, TimeSpan.FromSeconds(45));
        output.WriteLine("before: " + settled);

        // Warm-up: every IDLE account acknowledges through IDLE (scheduled polls are 10 minutes apart).
        var warmUp = new List<string>();
        foreach (var account in harness.IdleAccounts)
        {
            warmUp.Add(await harness.SendReplyAsync(account));
        }

        await harness.WaitForAppliedAsync(warmUp, TimeSpan.FromSeconds(30));

        var account0 = harness.IdleAccounts[0];
        var ownerId = settled.OwnerOf(account0)!;
        var owner = nodes.Single(n => n.Owns(ownerId));
        var survivor = nodes.Single(p => p != owner);

        var clock = Stopwatch.StartNew();
        var killed = owner.KillAsync(); // SIGKILL, sent before KillAsync returns; awaited below
        var sessionGone = WaitForSessionGoneAsync(harness, ownerId, clock);
        var reply = await harness.SendReplyAsync(account0);
        await harness.WaitForAppliedAsync([reply], TimeSpan.FromSeconds(60));
        var seconds = clock.Elapsed.TotalSeconds;
        await killed;
        var ended = await sessionGone;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the killed node's PostgreSQL session ended {ended:0.00} s after the kill"));

        var line = string.Create(CultureInfo.InvariantCulture, $"failover: seconds={seconds:0.0}");
        Console.WriteLine(line);
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("ACKPOLLER_TEST_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, line + Environment.NewLine);
        }

        // The survivor holds every IDLE account now (the dead node's session is gone from the server).
        var after = await harness.ReadLocksAsync();
        output.WriteLine("after: " + after);
        Assert.False(owner.IsRunning);
        Assert.True(survivor.IsRunning);
        Assert.DoesNotContain(ownerId, after.Sessions);
        Assert.All(harness.IdleAccounts, a => Assert.True(survivor.Owns(after.OwnerOf(a) ?? ""), after.ToString()));
        Assert.True(seconds < 30, $"failover took {seconds:0.0} s");
    }

    /// <summary>Seconds from the kill until the dead node's lock session is gone from pg_stat_activity (the kernel closes
    /// the dead process's socket, so the server sees the connection end at once).</summary>
    private static async Task<double> WaitForSessionGoneAsync(IdleNodesHarness harness, string node, Stopwatch clock)
    {
        while ((await harness.ReadLocksAsync()).Sessions.Contains(node))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                return double.NaN;
            }

            await Task.Delay(20);
        }

        return clock.Elapsed.TotalSeconds;
    }
}
