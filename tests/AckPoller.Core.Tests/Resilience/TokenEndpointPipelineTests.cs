using System.Net;
using System.Net.Http.Headers;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Identity.Client;

namespace AckPoller.Core.Tests.Resilience;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class TokenEndpointPipelineTests
{
    private static MsalServiceException Throttled(int seconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return new MsalServiceException("request_throttled", "AADSTS50196: throttled", 429) { Headers = response.Headers };
    }

    [Fact]
    public async Task Retry_after_is_waited_exactly_before_the_next_attempt()
    {
        var time = new ManualTimeProvider();
        var pipeline = TokenEndpointPipeline.Create(new AuthOptions(), time, NullLogger.Instance);
        var attempts = 0;

        var run = pipeline.ExecuteAsync(_ => ++attempts == 1 ? throw Throttled(7) : ValueTask.FromResult("token"), CancellationToken.None).AsTask();

        await time.WaitForTimerDueInAsync(TimeSpan.FromSeconds(7));
        time.Advance(TimeSpan.FromSeconds(6.9));
        await Task.Delay(50);
        Assert.False(run.IsCompleted);
        Assert.Equal(1, attempts);

        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal("token", await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_growing_delays_then_surface()
    {
        var time = new ManualTimeProvider();
        var pipeline = TokenEndpointPipeline.Create(new AuthOptions { TransientRetries = 2 }, time, NullLogger.Instance);
        var attempts = 0;

        var run = pipeline.ExecuteAsync<string>(_ => { attempts++; throw new MsalServiceException("service_not_available", "AADSTS90033", 500); }, CancellationToken.None).AsTask();
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        await Assert.ThrowsAsync<MsalServiceException>(() => run);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Permanent_failures_are_not_retried()
    {
        var pipeline = TokenEndpointPipeline.Create(new AuthOptions(), new ManualTimeProvider(), NullLogger.Instance);
        var attempts = 0;

        await Assert.ThrowsAsync<MsalUiRequiredException>(async () =>
            await pipeline.ExecuteAsync<string>(_ => { attempts++; throw new MsalUiRequiredException("invalid_grant", "AADSTS700082: expired"); }, CancellationToken.None));
        await Assert.ThrowsAsync<MsalServiceException>(async () =>
            await pipeline.ExecuteAsync<string>(_ => { attempts++; throw new MsalServiceException("invalid_client", "AADSTS7000215: wrong", 401); }, CancellationToken.None));

        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_cap_is_not_waited_for_inside_one_request()
    {
        var pipeline = TokenEndpointPipeline.Create(new AuthOptions(), new ManualTimeProvider(), NullLogger.Instance);
        var attempts = 0;

        await Assert.ThrowsAsync<MsalServiceException>(async () =>
            await pipeline.ExecuteAsync<string>(_ => { attempts++; throw Throttled(3600); }, CancellationToken.None));
        Assert.Equal(1, attempts);
    }
}
