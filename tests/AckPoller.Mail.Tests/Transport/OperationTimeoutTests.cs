using System.Diagnostics;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Transport;

[Trait("Category", "Unit")]
public class OperationTimeoutTests
{
    [Fact]
    public void One_source_serves_every_operation_while_the_callers_token_stays_the_same()
    {
        using var timeout = new OperationTimeout(TimeSpan.FromMinutes(1));
        using var caller = new CancellationTokenSource();
        var first = timeout.Start(caller.Token);
        var second = timeout.Start(caller.Token);
        Assert.Equal(first, second);
        Assert.False(second.IsCancellationRequested);
    }

    [Fact]
    public async Task Each_start_gives_the_operation_the_whole_limit_again()
    {
        var limit = TimeSpan.FromSeconds(4);
        using var timeout = new OperationTimeout(limit);
        var clock = Stopwatch.StartNew();
        timeout.Start(default);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var restartedAt = clock.Elapsed;
        var token = timeout.Start(default);

        // Wait past the first operation's deadline; the second one's is still ahead unless the machine stalled for long.
        await Task.Delay(limit + TimeSpan.FromMilliseconds(300) - clock.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        var sinceRestart = clock.Elapsed - restartedAt;
        Assert.True(sinceRestart < limit, $"the test machine stalled for {sinceRestart}; the check needs less than {limit}");
        Assert.False(token.IsCancellationRequested, "the limit must count from the last Start, not the first");
    }

    [Fact]
    public async Task The_limit_cancels_the_token_and_the_next_operation_gets_a_fresh_one()
    {
        using var timeout = new OperationTimeout(TimeSpan.FromMilliseconds(50));
        var expired = timeout.Start(default);
        await WaitUntilCancelledAsync(expired);
        var next = timeout.Start(default);
        Assert.NotEqual(expired, next);
        Assert.False(next.IsCancellationRequested);
    }

    [Fact]
    public void The_token_follows_the_callers_token_also_after_it_changed()
    {
        using var timeout = new OperationTimeout(TimeSpan.FromMinutes(1));
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var firstToken = timeout.Start(first.Token);
        var secondToken = timeout.Start(second.Token);
        first.Cancel();
        Assert.False(secondToken.IsCancellationRequested);
        second.Cancel();
        Assert.True(secondToken.IsCancellationRequested);
        Assert.NotEqual(firstToken, secondToken);
    }

    [Fact]
    public void An_already_cancelled_callers_token_gives_a_cancelled_token()
    {
        using var timeout = new OperationTimeout(TimeSpan.FromMinutes(1));
        Assert.True(timeout.Start(new CancellationToken(canceled: true)).IsCancellationRequested);
    }

    [Fact]
    public void Start_after_dispose_throws_ObjectDisposedException()
    {
        var timeout = new OperationTimeout(TimeSpan.FromMinutes(1));
        timeout.Start(default);
        timeout.Dispose();
        Assert.Throws<ObjectDisposedException>(() => timeout.Start(default));
    }

    private static async Task WaitUntilCancelledAsync(CancellationToken token)
    {
        var gotCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (token.Register(() => gotCancelled.SetResult()))
        {
            await gotCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }
    }
}
