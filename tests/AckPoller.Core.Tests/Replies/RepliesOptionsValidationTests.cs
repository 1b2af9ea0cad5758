using AckPoller.Core.Configuration;

namespace AckPoller.Core.Tests.Replies;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class RepliesOptionsValidationTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var errors = new List<string>();

        RepliesOptionsValidator.Validate(new RepliesOptions(), errors);

        Assert.Empty(errors);
    }

    [Fact]
    public void Every_problem_names_its_key()
    {
        var options = new RepliesOptions { LockoutThreshold = 0, LockoutWindow = TimeSpan.Zero, RequireDmarcPass = true };
        options.Responders.Add("not an address");
        options.OwnMessageIdDomains.Add("user@alerts.example");
        var errors = new List<string>();

        RepliesOptionsValidator.Validate(options, errors);

        Assert.Equal(
            [
                "Replies:LockoutThreshold: must be ≥ 1 (default 5).",
                "Replies:LockoutWindow: must be positive, e.g. 01:00:00.",
                "Replies:TrustedAuthServIds: RequireDmarcPass needs the authserv-id of at least one trusted receiving server, e.g. \"mx.example.com\".",
                "Replies:Responders:0: 'not an address' is neither an address (jane@example.com) nor a domain (example.com, *.example.com).",
                "Replies:OwnMessageIdDomains:0: 'user@alerts.example' is not a domain such as alerts.example.com.",
            ],
            errors);
    }

    [Fact]
    public void The_whole_configuration_validator_checks_the_replies_section()
    {
        var options = new AckPollerOptions { Replies = new RepliesOptions { LockoutThreshold = 0 } };

        var errors = new AckPollerOptionsValidator(_ => null, _ => false).Collect(options);

        Assert.Contains("Replies:LockoutThreshold: must be ≥ 1 (default 5).", errors);
    }
}
