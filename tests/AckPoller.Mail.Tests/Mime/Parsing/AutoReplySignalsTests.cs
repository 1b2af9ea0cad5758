using AckPoller.Mail.Mime;
using static AckPoller.Mail.Tests.Mime.Parsing.MimeTestMessages;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class AutoReplySignalsTests
{
    [Theory]
    [InlineData("Auto-Submitted: auto-replied", "Auto-Submitted: auto-replied")]
    [InlineData("Auto-Submitted: Auto-Generated; owner-email=x@y", "Auto-Submitted: auto-generated")]
    [InlineData("X-Autoreply: yes", "X-Autoreply header")]
    [InlineData("X-Autorespond: Out of office", "X-Autorespond header")]
    [InlineData("Precedence: bulk", "Precedence: bulk")]
    [InlineData("Precedence: Auto_Reply", "Precedence: auto_reply")]
    [InlineData("Return-Path: <>", "empty Return-Path (<>)")]
    public void Machine_generated_replies_are_recognised(string header, string reason)
    {
        var signals = Parse($"{header}\nSubject: Automatic reply: alert\n\nI am out of office.").AutoReply;
        Assert.True(signals.IsAutoReply);
        Assert.Equal(reason, signals.Reason);
    }

    [Theory]
    [InlineData("Auto-Submitted: no")]
    [InlineData("Precedence: list")]
    [InlineData("X-Auto-Response-Suppress: All")]
    [InlineData("Return-Path: <bob@example.com>")]
    public void Human_replies_are_not_auto_replies(string header)
    {
        var signals = Parse($"{header}\nSubject: RE: alert\n\nack").AutoReply;
        Assert.False(signals.IsAutoReply);
        Assert.Null(signals.Reason);
    }

    [Fact]
    public void Signal_values_are_exposed()
    {
        var signals = Parse("Auto-Submitted: auto-replied\nPrecedence: Bulk\nX-Auto-Response-Suppress: OOF, AutoReply\nReturn-Path: <>\n\nx").AutoReply;
        Assert.Equal("auto-replied", signals.AutoSubmitted);
        Assert.Equal("bulk", signals.Precedence);
        Assert.Equal("OOF, AutoReply", signals.AutoResponseSuppress);
        Assert.True(signals.IsReturnPathEmpty);
        Assert.False(signals.IsDeliveryStatusNotification);
    }

    [Fact]
    public void Read_receipts_are_recognised()
    {
        var signals = Parse("Content-Type: multipart/report; report-type=disposition-notification; boundary=m\n\n--m\n\nread\n--m--").AutoReply;
        Assert.True(signals.IsReadReceipt);
        Assert.True(signals.IsAutoReply);
        Assert.False(signals.IsDeliveryStatusNotification);
    }

    [Fact]
    public void Return_path_forms()
    {
        Assert.Null(Parse("Subject: x\n\n").ReturnPath);
        Assert.Equal(string.Empty, Parse("Return-Path: <>\n\n").ReturnPath);
        Assert.Equal("bob@example.com", Parse("Return-Path: <bob@example.com>\n\n").ReturnPath);
        Assert.Equal("bob@example.com", Parse("Return-Path: <@relay.test:bob@example.com>\n\n").ReturnPath);
    }
}
