using System.Text;
using AckPoller.Mail.Mime;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Mime.Parsing;

/// <summary>Parses what the real sandbox (Postfix + Dovecot) delivered: trace fields added on the way, the envelope sender in
/// Return-Path, and the MIME content unchanged.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public class DeliveredMessageParsingTests
{
    [Fact]
    public async Task A_multipart_reply_delivered_through_postfix_and_dovecot_parses_completely()
    {
        var settings = SandboxSettings.Load();
        var sender = settings.NewAddress("mimeparse-from");
        var recipient = settings.NewAddress("mimeparse-to");
        var messageId = $"{Guid.NewGuid():N}@sandbox.test";
        var attachment = new byte[3000];
        new Random(3).NextBytes(attachment);
        var raw = Encoding.UTF8.GetBytes(
            $"From: =?utf-8?q?J=C3=B6rg_Oncall?= <{sender}>\r\nTo: Alerts <{recipient}>\r\n" +
            $"Subject: =?utf-8?B?UkU6IFtBTEVSVC00Ml0gZGlzayBmdWxsIOKckw==?=\r\nMessage-ID: <{messageId}>\r\n" +
            "In-Reply-To: <alert-42@ackpoller.test>\r\nDate: Tue, 24 Nov 2026 04:09:25 +0100\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
            "ack =E2=80=93 on it\r\n.leading dot line\r\n--outer\r\n" +
            "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.bin\r\n" +
            "Content-Transfer-Encoding: base64\r\n\r\n" + Convert.ToBase64String(attachment, Base64FormattingOptions.InsertLineBreaks) +
            "\r\n--outer--\r\n");

        await SandboxMail.DeliverAsync(settings, sender, recipient, raw);
        var delivered = await RawPop3Retriever.WaitForFirstMessageAsync(settings, recipient, TimeSpan.FromSeconds(30), CancellationToken.None);
        var message = await MimeParser.ParseAsync(new MemoryStream(delivered));

        Assert.Empty(message.Warnings);
        Assert.Equal(sender, message.ReturnPath);
        Assert.Contains(message.Headers, h => h.Name.Equals("Received", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("RE: [ALERT-42] disk full ✓", message.Subject);
        Assert.Equal("Jörg Oncall", Assert.Single(message.From).DisplayName);
        Assert.Equal(recipient, Assert.Single(message.To).Address);
        Assert.Equal(messageId, message.MessageId);
        Assert.Equal(["alert-42@ackpoller.test"], message.InReplyTo);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 4, 9, 25, TimeSpan.FromHours(1)), message.Date);
        Assert.Equal("ack – on it\n.leading dot line", message.GetTextBody());
        var file = Assert.Single(message.Attachments);
        Assert.Equal("résumé.bin", file.FileName);
        Assert.Equal(attachment, file.DecodeContent());
        Assert.False(message.AutoReply.IsAutoReply);
        Assert.Equal(delivered, message.ToBytes());
    }
}
