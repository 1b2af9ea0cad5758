using Quartz;

namespace AckPoller.Core.Configuration;

/// <summary>Validation of the sections the scheduler owns: Scheduling, Notifications and each account's Polling.</summary>
public sealed partial class AckPollerOptionsValidator
{
    private void ValidateSchedulingSections(AckPollerOptions options, List<string> errors)
    {
        var s = options.Scheduling;
        Positive("Scheduling:OutboxInterval", s.OutboxInterval, errors);
        Positive("Scheduling:SnoozeCheckInterval", s.SnoozeCheckInterval, errors);
        Positive("Scheduling:KeepAliveCheckInterval", s.KeepAliveCheckInterval, errors);
        Positive("Scheduling:ExpiryCheckInterval", s.ExpiryCheckInterval, errors);
        Positive("Scheduling:PausedLogInterval", s.PausedLogInterval, errors);
        Positive("Scheduling:PausedRecheckInterval", s.PausedRecheckInterval, errors);
        Positive("Scheduling:MailConnectTimeout", s.MailConnectTimeout, errors);
        Positive("Scheduling:PollTimeout", s.PollTimeout, errors);
        Positive("Scheduling:MailRetryMaxDelay", s.MailRetryMaxDelay, errors);
        Positive("Scheduling:CircuitBreakDuration", s.CircuitBreakDuration, errors);
        if (s.MaxConcurrentJobs is < 0 or > 1000)
        {
            errors.Add("Scheduling:MaxConcurrentJobs: must be between 0 (automatic) and 1000.");
        }

        if (s.MailRetries is < 0 or > 20)
        {
            errors.Add("Scheduling:MailRetries: must be between 0 and 20.");
        }

        if (s.MailRetryBaseDelay < TimeSpan.Zero)
        {
            errors.Add("Scheduling:MailRetryBaseDelay: must not be negative.");
        }

        if (s.CircuitFailureThreshold < 2)
        {
            errors.Add("Scheduling:CircuitFailureThreshold: must be ≥ 2.");
        }

        if (s.CircuitSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add("Scheduling:CircuitSamplingDuration: must be at least 00:00:00.5.");
        }

        ValidateNotifications(options, errors);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            ValidatePolling($"Accounts:{i}:Polling", options.Accounts[i].Polling, errors);
        }
    }

    private void ValidateNotifications(AckPollerOptions options, List<string> errors)
    {
        var n = options.Notifications;
        if (n.RepeatEvery < TimeSpan.FromMinutes(1))
        {
            errors.Add("Notifications:RepeatEvery: must be at least 00:01:00 (e.g. 04:00:00).");
        }

        for (var i = 0; i < n.AdminAddresses.Count; i++)
        {
            if (!LooksLikeAddress(n.AdminAddresses[i]))
            {
                errors.Add($"Notifications:AdminAddresses:{i}: '{n.AdminAddresses[i]}' is not an email address.");
            }
        }

        if (!string.IsNullOrWhiteSpace(n.Account) && !string.IsNullOrWhiteSpace(n.SmtpServer))
        {
            errors.Add("Notifications:SmtpServer: set either Notifications:Account or Notifications:SmtpServer, not both.");
        }

        if (!string.IsNullOrWhiteSpace(n.Account))
        {
            var account = options.FindAccount(n.Account);
            if (account is null)
            {
                errors.Add($"Notifications:Account: no account named '{n.Account}' is configured.");
            }
            else if (!account.HasSmtp)
            {
                errors.Add($"Notifications:Account: account '{n.Account}' has no SmtpServer to send through.");
            }
        }

        if (!string.IsNullOrWhiteSpace(n.SmtpServer))
        {
            ValidateServer("Notifications:SmtpServer", n.SmtpServer, ["smtp", "smtps"], required: true, errors);
            if (string.IsNullOrWhiteSpace(n.UserName))
            {
                errors.Add("Notifications:UserName: is required with Notifications:SmtpServer (basic auth).");
            }

            if (CountSet(n.PasswordEnv, n.PasswordFile) != 1)
            {
                errors.Add("Notifications:PasswordEnv: give the backup SMTP password one way: PasswordEnv or PasswordFile.");
            }

            CheckEnv("Notifications:PasswordEnv", n.PasswordEnv, errors);
            CheckFile("Notifications:PasswordFile", n.PasswordFile, errors);
        }

        if (!string.IsNullOrWhiteSpace(n.From) && !LooksLikeAddress(n.From))
        {
            errors.Add($"Notifications:From: '{n.From}' is not an email address.");
        }

        if (n.HasChannel && n.EffectiveAdmins(options.Auth).Count == 0)
        {
            errors.Add("Notifications:AdminAddresses: a notification channel is configured but nobody to notify; add admin addresses.");
        }
    }

    private static void ValidatePolling(string key, AccountPollingOptions polling, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(polling.Cron))
        {
            if (!CronExpression.TryParse(polling.Cron, out _))
            {
                errors.Add($"{key}:Cron: '{polling.Cron}' is not a valid cron expression (Quartz format, e.g. \"0 0/5 * * * ?\").");
            }
        }
        else if (polling.Interval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{key}:Interval: must be at least 00:00:01.");
        }

        if (polling.IdleRenewal < TimeSpan.FromSeconds(10) || polling.IdleRenewal >= TimeSpan.FromMinutes(29))
        {
            errors.Add($"{key}:IdleRenewal: must be between 00:00:10 and 00:28:59 (servers may drop a client idle for 30 minutes).");
        }

        if (polling.IdleFailuresBeforeFallback < 1)
        {
            errors.Add($"{key}:IdleFailuresBeforeFallback: must be ≥ 1.");
        }

        if (polling.IdleFallbackPeriod <= TimeSpan.Zero)
        {
            errors.Add($"{key}:IdleFallbackPeriod: must be positive.");
        }

        if (string.IsNullOrWhiteSpace(polling.IdleFolder))
        {
            errors.Add($"{key}:IdleFolder: must name a folder, e.g. INBOX.");
        }
    }

    private static void Positive(string key, TimeSpan value, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key}: must be positive.");
        }
    }
}
