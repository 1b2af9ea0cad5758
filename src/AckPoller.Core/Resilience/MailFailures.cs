using System.Net.Sockets;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Mail;
using AckPoller.Mail.Smtp;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AckPoller.Core.Resilience;

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
        MailAuthenticationException => false,
        SmtpCommandException smtp => smtp.IsTransient && !smtp.RaisedByClient,
        MailCommandException => false,
        MailTlsException => false,
        MailConnectionException or MailProtocolException or MailSessionEndedException => true,
        AccountAuthException auth => auth.IsTransient,
        ConfigurationException => false,
        TimeoutRejectedException or TimeoutException => true,
        IOException or SocketException => true,
        _ => false,
    };

    public static bool IsPermanent(Exception? exception) => exception is not null && !IsTransient(exception) && exception is not OperationCanceledException;
}
