using AckPoller.Core.MailErrors;
using AckPoller.Mail.Smtp;

namespace AckPoller.Core.Outbox;

/// <summary>How a failed send is treated: permanent failures (5xx, a message or address the client refuses) end the
/// message; anything else is retried later. A failure that may have broken the session drops the connection. Mail-layer
/// failures are described through <see cref="MailFailure"/>, the one failure boundary (kind and the server's words).</summary>
internal sealed record OutboxFailure(bool Permanent, bool DropConnection, string Reason)
{
    public static OutboxFailure Classify(Exception exception) => exception switch
    {
        SmtpCommandException smtp => new(smtp.IsPermanent, smtp.StatusCode == 421, Describe(smtp)),
        ArgumentException argument => new(true, false, "unsendable: " + argument.Message),
        _ when MailFailure.From(exception) is { } mail => new(false, true, $"{mail.Label}: {mail.Message}"),
        _ => new(false, true, "unexpected " + exception.GetType().Name + ": " + exception.Message),
    };

    private static string Describe(SmtpCommandException smtp)
    {
        var code = smtp.EnhancedStatusCode is null ? smtp.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{smtp.StatusCode} {smtp.EnhancedStatusCode}";
        return $"{(smtp.IsPermanent ? "refused" : "deferred")} ({code}): {smtp.Message}";
    }
}
