using System.Collections.Concurrent;
using AckPoller.Core.Configuration;
using AckPoller.Core.Resilience;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace AckPoller.Core.MailErrors;

/// <summary>The Polly pipelines for mail, by purpose, one per server so one dead server never makes another wait:
/// <list type="bullet">
/// <item><see cref="Connection"/>: connect + TLS + authenticate: retries transient failures with exponential backoff and
/// jitter, a timeout per attempt, and the server's circuit breaker.</item>
/// <item><see cref="SmtpSend"/>: one SMTP transaction: the same, where a 5xx is permanent and a 4xx transient.</item>
/// <item><see cref="Poll"/>: one whole poll of one account: a timeout and the server's circuit breaker, no retry (the next
/// scheduled poll is the retry).</item>
/// </list>
/// The token endpoint has its own pipeline, <see cref="Auth.TokenEndpointPipeline"/>. Time comes from the injected TimeProvider.</summary>
public sealed class MailPipelines
{
    private readonly SchedulingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.OrdinalIgnoreCase);

    public MailPipelines(SchedulingOptions options, TimeProvider time, ILogger<MailPipelines> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    public ResiliencePipeline Connection(MailEndpoint server) =>
        _pipelines.GetOrAdd("connect|" + Key(server), _ => Build(server, "connect", _options.MailRetries, _options.MailConnectTimeout));

    public ResiliencePipeline SmtpSend(MailEndpoint server) =>
        _pipelines.GetOrAdd("smtp|" + Key(server), _ => Build(server, "smtp send", _options.MailRetries, _options.MailConnectTimeout + TimeSpan.FromMinutes(2)));

    public ResiliencePipeline Poll(MailEndpoint server) =>
        _pipelines.GetOrAdd("poll|" + Key(server), _ => Build(server, "poll", 0, _options.PollTimeout));

    private static string Key(MailEndpoint server) => $"{server.Host}:{server.Port}";

    private ResiliencePipeline Build(MailEndpoint server, string purpose, int retries, TimeSpan attemptTimeout)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.MailRetryBaseDelay,
                MaxDelay = _options.MailRetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(MailFailures.IsTransient(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    ResilienceLog.MailRetry(_logger, purpose, Key(server), args.Outcome.Exception?.Message, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        Telemetry.TelemetryState.CircuitChanged(Key(server), purpose, 0);
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            OnHalfOpened = _ =>
            {
                Telemetry.TelemetryState.CircuitChanged(Key(server), purpose, 2);
                return ValueTask.CompletedTask;
            },
            FailureRatio = 0.5,
            MinimumThroughput = _options.CircuitFailureThreshold,
            SamplingDuration = _options.CircuitSamplingDuration,
            BreakDuration = _options.CircuitBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(MailFailures.IsTransient(args.Outcome.Exception)),
            OnOpened = args =>
            {
                Telemetry.TelemetryState.CircuitChanged(Key(server), purpose, 1);
                ResilienceLog.CircuitOpenedAfterRepeatedFailures(_logger, purpose, Key(server), args.BreakDuration);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                Telemetry.TelemetryState.CircuitChanged(Key(server), purpose, 0);
                ResilienceLog.CircuitClosedServerAnswersAgain(_logger, purpose, Key(server));
                return ValueTask.CompletedTask;
            },
        });
        return builder.AddTimeout(attemptTimeout).Build();
    }
}
