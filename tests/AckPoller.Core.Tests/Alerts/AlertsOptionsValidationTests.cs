using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;

namespace AckPoller.Core.Tests.Alerts;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AlertsOptionsValidationTests
{
    [Fact]
    public void Bad_alert_settings_are_reported_with_their_keys()
    {
        var options = Options();
        options.Alerts.SenderAccount = "reader";
        options.Alerts.FromAddress = "not-an-address";
        options.Alerts.MessageIdDomain = "bad domain";
        options.Alerts.OutboxMaxAttempts = 0;
        var errors = new List<string>();

        AlertsOptionsValidation.Validate(options, errors);

        Assert.Contains("Alerts:SenderAccount: account 'reader' has no SmtpServer to send with.", errors);
        Assert.Contains(errors, e => e.StartsWith("Alerts:FromAddress: 'not-an-address'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerts:MessageIdDomain:", StringComparison.Ordinal));
        Assert.Contains("Alerts:OutboxMaxAttempts: must be between 1 and 100.", errors);

        options.Alerts.SenderAccount = "nobody";
        errors.Clear();
        AlertsOptionsValidation.Validate(options, errors);
        Assert.Contains("Alerts:SenderAccount: 'nobody' is not a configured account name.", errors);
    }

    [Fact]
    public void Defaults_come_from_the_first_account_that_can_send()
    {
        var options = Options();
        var errors = new List<string>();
        AlertsOptionsValidation.Validate(options, errors);
        Assert.Empty(errors);

        var identity = AlertMailIdentity.Resolve(options);

        Assert.Equal("sender", identity.SenderAccount!.Name);
        Assert.Equal(("AckPoller", "alerts@example.com"), (identity.From.DisplayName, identity.From.Address));
        Assert.Equal("alerts@example.com", identity.ReplyTo.Address);
        Assert.Equal("example.com", identity.MessageIdDomain);
    }

    private static AckPollerOptions Options()
    {
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions { Name = "reader", Mailbox = "reader@example.com" });
        options.Accounts.Add(new MailAccountOptions { Name = "sender", Mailbox = "alerts@example.com", SmtpServer = "smtps://smtp.example.com" });
        return options;
    }
}
