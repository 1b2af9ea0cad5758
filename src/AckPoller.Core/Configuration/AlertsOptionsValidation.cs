using System.Text.RegularExpressions;

namespace AckPoller.Core.Configuration;

/// <summary>Checks section "Alerts"; every message starts with the key it is about.</summary>
public static partial class AlertsOptionsValidation
{
    public static void Validate(AckPollerOptions options, List<string> errors)
    {
        var alerts = options.Alerts;
        if (!string.IsNullOrWhiteSpace(alerts.SenderAccount))
        {
            var account = options.FindAccount(alerts.SenderAccount);
            if (account is null)
            {
                errors.Add($"Alerts:SenderAccount: '{alerts.SenderAccount}' is not a configured account name.");
            }
            else if (!account.HasSmtp)
            {
                errors.Add($"Alerts:SenderAccount: account '{account.Name}' has no SmtpServer to send with.");
            }
        }

        CheckAddress("Alerts:FromAddress", alerts.FromAddress, errors);
        CheckAddress("Alerts:ReplyTo", alerts.ReplyTo, errors);
        if (!string.IsNullOrWhiteSpace(alerts.MessageIdDomain) && !DomainPattern().IsMatch(alerts.MessageIdDomain))
        {
            errors.Add($"Alerts:MessageIdDomain: '{alerts.MessageIdDomain}' is not a domain name such as ackpoller.example.com.");
        }

        if (alerts.OutboxMaxAttempts is < 1 or > 100)
        {
            errors.Add("Alerts:OutboxMaxAttempts: must be between 1 and 100.");
        }

        if (alerts.OutboxRetryBaseDelay <= TimeSpan.Zero || alerts.OutboxRetryMaxDelay < alerts.OutboxRetryBaseDelay)
        {
            errors.Add("Alerts:OutboxRetryBaseDelay: must be positive and not above OutboxRetryMaxDelay.");
        }

        if (alerts.OutboxBatchSize is < 1 or > 10_000)
        {
            errors.Add("Alerts:OutboxBatchSize: must be between 1 and 10000.");
        }

        if (alerts.MaxRecipients is < 1 or > 100_000)
        {
            errors.Add("Alerts:MaxRecipients: must be between 1 and 100000.");
        }

        if (alerts.SendTimeout < TimeSpan.FromSeconds(5) || alerts.SendTimeout > TimeSpan.FromHours(1))
        {
            errors.Add("Alerts:SendTimeout: must be between 00:00:05 and 01:00:00.");
        }

        if (alerts.MaxSnooze < TimeSpan.FromMinutes(1))
        {
            errors.Add("Alerts:MaxSnooze: must be at least 00:01:00.");
        }
    }

    private static void CheckAddress(string key, string? value, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(value) && !Mail.Mime.EmailAddress.IsValid(value))
        {
            errors.Add($"{key}: '{value}' is not an email address.");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$")]
    private static partial Regex DomainPattern();
}
