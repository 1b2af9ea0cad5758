using AckPoller.Core.Alerts;
using AckPoller.Core.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Alerts;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AlertServiceTests
{
    [Fact]
    public async Task Raise_records_the_alert_and_queues_its_email_with_reference_message_id_reply_to_and_footer()
    {
        using var world = await AckWorld.CreateAsync();

        var alert = await world.RaiseAsync();

        Assert.Matches(@"^ap\.[0-9A-HJKMNP-TV-Z]{6}\.[A-Za-z0-9]+@ackpoller\.test$", alert.MessageId);
        Assert.StartsWith("ap." + alert.Reference.Code + ".", alert.MessageId, StringComparison.Ordinal);
        Assert.Equal(alert.Id, (await world.Engine.Store.Alerts.FindByMessageIdAsync(alert.MessageId!, default))!.Id);

        var queued = (await world.OutboxAsync(OutboxKind.Alert)).Single();
        Assert.Equal(alert.Id, queued.AlertId);
        Assert.Equal(alert.MessageId, queued.MessageId);
        Assert.Equal(["jane@example.com", "bob@example.com"], queued.Recipients);
        var email = AckWorld.Parse(queued);
        Assert.Equal($"[{alert.Reference}] Disk full on db1", email.Subject);
        Assert.Equal(alert.MessageId, email.MessageId);
        Assert.Equal("oncall@ackpoller.test", email.ReplyTo.Single().Address);
        Assert.Equal(["jane@example.com", "bob@example.com"], email.To.Select(a => a.Address));
        Assert.Equal(alert.Reference.ToString(), email.Headers["X-AckPoller-Ref"]);
        var text = email.GetTextBody()!;
        Assert.StartsWith("/var is 99% full", text, StringComparison.Ordinal);
        Assert.Contains("Severity: critical", text, StringComparison.Ordinal);
        Assert.Contains("\n-- \n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        foreach (var command in new[] { "\"ack\" to acknowledge", "\"resolve\"", "\"unack\"", "\"snooze 30m\"", "\"note <text>\"" })
        {
            Assert.Contains(command, text, StringComparison.Ordinal);
        }

        Assert.Contains("&quot;snooze 30m&quot;", email.GetHtmlBody(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raise_draws_another_reference_when_one_is_taken()
    {
        using var world = await AckWorld.CreateAsync();
        await world.Engine.AddAlertAsync("AP-111111", null);
        var references = new Queue<AlertReference>([AlertReference.Parse("AP-111111"), AlertReference.Parse("AP-222222")]);
        var service = new AlertService(world.Engine.Store.Transactions, new AlertEmailComposer(world.Identity, world.Engine.Time), world.Engine.Time,
            NullLogger<AlertService>.Instance, references.Dequeue);

        var alert = await service.RaiseAsync(new RaiseAlertRequest { Subject = "x", Recipients = ["a@example.com"] }, default);

        Assert.Equal("AP-222222", alert.Reference.ToString());
    }

    [Fact]
    public async Task Raise_with_a_bad_recipient_leaves_nothing_behind()
    {
        using var world = await AckWorld.CreateAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => world.Alerts.RaiseAsync(new RaiseAlertRequest { Subject = "x", Recipients = ["not an address\r\nBcc: x@y"] }, default));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Alerts.RaiseAsync(new RaiseAlertRequest { Subject = "x", Recipients = [] }, default));

        Assert.Equal(0, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM alerts"));
        Assert.Equal(0, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task Register_records_a_foreign_alert_once_and_sends_nothing()
    {
        using var world = await AckWorld.CreateAsync();
        var request = new RegisterAlertRequest { MessageId = "<12345.nagios@monitor.example.com>", Subject = "CPU high", Recipients = ["jane@example.com"] };

        var first = await world.Alerts.RegisterAsync(request, default);
        var again = await world.Alerts.RegisterAsync(request, default);
        var byReference = await world.Alerts.RegisterAsync(new RegisterAlertRequest { Reference = AlertReference.Parse("AP-ABCDEF"), Subject = "Zabbix" }, default);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("12345.nagios@monitor.example.com", first.MessageId);
        Assert.Equal(first.Id, (await world.Engine.Store.Alerts.FindByMessageIdAsync("12345.nagios@monitor.example.com", default))!.Id);
        Assert.Equal(byReference.Id, (await world.Engine.Store.Alerts.FindByReferenceAsync(AlertReference.Parse("ap-abcdef"), default))!.Id);
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Alerts.RegisterAsync(
            new RegisterAlertRequest { Reference = AlertReference.Parse("AP-ABCDEF"), MessageId = "other@x", Subject = "clash" }, default));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Alerts.RegisterAsync(new RegisterAlertRequest { Subject = "neither" }, default));
        Assert.Equal(0, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM outbox"));
    }
}
