using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AckPoller.Core.MailErrors;

/// <summary>Sorts mail failures into transient (a retry, later, may succeed: network, timeouts, server going away, SMTP
/// 4xx, a token endpoint hiccup) and permanent (the same request fails again: refused credentials, a refused command,
/// TLS trust, configuration, an account that needs sign-in). Only transient failures are retried or count against a
/// server's circuit.</summary>
public static class MailFailures
{
    public static bool IsTransient(Exception? exception) => exception switch
    {
        null => false,
        OperationCanceledException => false,
        BrokenCircuitException => false,
        AccountAuthException auth => auth.IsTransient,
        ConfigurationException => false,
        TimeoutRejectedException => true,
        _ => MailFailure.From(exception)?.Transient ?? false,
    };

    public static bool IsPermanent(Exception? exception) => exception is not null && !IsTransient(exception) && exception is not OperationCanceledException;
}
