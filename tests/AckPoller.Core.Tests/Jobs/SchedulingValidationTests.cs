using AckPoller.Core.Configuration;

namespace AckPoller.Core.Tests.Jobs;

/// <summary>The Scheduling, Notifications and Accounts:N:Polling sections: every message names its key.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SchedulingValidationTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = JobsTestOptions.With("a");
        options.Notifications.SmtpServer = null;

        Assert.Empty(Errors(options));
    }

    [Fact]
    public void Bad_values_are_reported_with_their_keys()
    {
        var options = JobsTestOptions.With("a", "b");
        options.Accounts[0].Polling.Cron = "every five minutes";
        options.Accounts[1].Polling.Interval = TimeSpan.Zero;
        options.Accounts[1].Polling.IdleRenewal = TimeSpan.FromMinutes(30);
        options.Scheduling.MailRetries = -1;
        options.Notifications.RepeatEvery = TimeSpan.FromSeconds(5);
        options.Notifications.Account = "missing";
        options.Notifications.AdminAddresses.Add("not-an-address");

        var errors = Errors(options);

        Assert.Contains(errors, e => e.StartsWith("Accounts:0:Polling:Cron: 'every five minutes' is not a valid cron expression", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Accounts:1:Polling:Interval:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Accounts:1:Polling:IdleRenewal:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Scheduling:MailRetries:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Notifications:RepeatEvery:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Notifications:SmtpServer: set either Notifications:Account or Notifications:SmtpServer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Notifications:Account: no account named 'missing'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Notifications:AdminAddresses:1: 'not-an-address'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_basic_auth_channel_needs_a_user_and_one_password_source()
    {
        var options = JobsTestOptions.With("a");

        var errors = Errors(options);

        Assert.Contains(errors, e => e.StartsWith("Notifications:UserName: is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Notifications:PasswordEnv: give the backup SMTP password one way", StringComparison.Ordinal));
    }

    private static List<string> Errors(AckPollerOptions options)
    {
        options.Accounts[0].PasswordEnv = "PW";
        foreach (var account in options.Accounts)
        {
            account.PasswordEnv = "PW";
        }

        return [.. new AckPollerOptionsValidator(name => name == "PW" ? "value" : null, _ => true).Collect(options)];
    }
}
