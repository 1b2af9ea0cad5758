using AckPoller.Core.Outbox;
using AckPoller.Mail;
using AckPoller.Mail.Smtp;

namespace AckPoller.Core.Tests.Outbox;

/// <summary>The outbox decides through the one mail failure boundary: kind and words for mail-layer failures,
/// permanence from the SMTP reply, anything else unexpected but retried.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class OutboxFailureTests
{
    [Fact]
    public void Mail_layer_failures_are_retried_and_named_by_their_kind()
    {
        var connection = OutboxFailure.Classify(new MailConnectionException("Connection refused (smtp.example:587)"));
        Assert.Equal(new OutboxFailure(false, true, "connection: Connection refused (smtp.example:587)"), connection);

        var tls = OutboxFailure.Classify(new MailTlsException("the certificate chain is not trusted"));
        Assert.Equal("tls: the certificate chain is not trusted", tls.Reason);
        Assert.False(tls.Permanent);

        Assert.Equal("connection: read timed out", OutboxFailure.Classify(new TimeoutException("read timed out")).Reason);
    }

    [Fact]
    public void Smtp_replies_decide_permanence_and_421_drops_the_connection()
    {
        var refused = OutboxFailure.Classify(new SmtpCommandException("mailbox unavailable", 550, "5.1.1", "550 5.1.1 mailbox unavailable"));
        Assert.True(refused.Permanent);
        Assert.StartsWith("refused (550 5.1.1)", refused.Reason, StringComparison.Ordinal);

        var closing = OutboxFailure.Classify(new SmtpCommandException("service closing", 421, "4.3.2", "421 4.3.2 service closing"));
        Assert.False(closing.Permanent);
        Assert.True(closing.DropConnection);

        Assert.StartsWith("unexpected InvalidOperationException", OutboxFailure.Classify(new InvalidOperationException("x")).Reason, StringComparison.Ordinal);
    }
}
