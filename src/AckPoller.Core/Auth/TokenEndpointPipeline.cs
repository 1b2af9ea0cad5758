using AckPoller.Core.Auth.Errors;
using AckPoller.Core.Configuration;
using AckPoller.Core.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace AckPoller.Core.Auth;

/// <summary>The Polly pipeline around every token request: a timeout per attempt inside retries of transient failures
/// (5xx, 429, network) with exponential backoff and jitter, waiting exactly what Retry-After asks for when the server
/// says. Permanent failures (re-auth, bad credential) are never retried. Time comes from the injected TimeProvider.</summary>
public static class TokenEndpointPipeline
{
    /// <summary>A Retry-After longer than this is not waited for inside one request: the failure surfaces as transient
    /// and the next scheduled attempt tries again.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    public static ResiliencePipeline Create(AuthOptions options, TimeProvider time, ILogger logger, TimeSpan? baseDelay = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.TransientRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.TransientRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(60),
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome.Exception, time)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception, time)),
                OnRetry = args =>
                {
                    var failure = MsalErrorClassifier.Classify(args.Outcome.Exception!, time.GetUtcNow());
                    ResilienceLog.TokenRequestFailedRetry(logger, failure.ErrorCode, failure.Reason, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.AddTimeout(options.TokenRequestTimeout).Build();
    }

    private static bool IsRetryable(Exception? exception, TimeProvider time)
    {
        if (exception is null or OperationCanceledException)
        {
            return false;
        }

        var failure = MsalErrorClassifier.Classify(exception, time.GetUtcNow());
        return failure.Kind == AuthFailureKind.Transient && (failure.RetryAfter is null || failure.RetryAfter <= MaxRetryAfter);
    }

    private static TimeSpan? RetryAfter(Exception? exception, TimeProvider time) =>
        exception is null ? null : MsalErrorClassifier.Classify(exception, time.GetUtcNow()).RetryAfter;
}
