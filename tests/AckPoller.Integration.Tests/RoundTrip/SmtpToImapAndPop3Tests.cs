using System.Text;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Mime;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.RoundTrip;

/// <summary>A message with a non-ASCII subject and body goes out through Postfix with XOAUTH2 and comes back
/// byte-identical over IMAP and over POP3 (after the trace headers the servers prepend).</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public class SmtpToImapAndPop3Tests
{
    private readonly SandboxSettings _settings = SandboxSettings.Load();

    public static TheoryData<string> Kinds => new() { "raw-8bit-utf8", "composed" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Sent_bytes_come_back_unchanged_over_IMAP_and_POP3(string kind)
    {
        var sender = _settings.NewAddress("rt-sender");
        var recipient = _settings.NewAddress("rt-rcpt");
        var message = kind == "composed" ? Composed(sender, recipient) : Raw8Bit(sender, recipient);
        var options = new MailConnectionOptions { Tls = new TlsOptions { ExtraCaFile = _settings.CaFile } };

        await using (var smtp = new SmtpClient(options))
        {
            await smtp.ConnectAsync(new MailEndpoint(_settings.Host, _settings.Ports.Submission, TlsMode.StartTls), default);
            await smtp.AuthenticateAsync(Credentials(sender), "XOAUTH2");
            await smtp.SendAsync(sender, [recipient], message, default);
            await smtp.QuitAsync(default);
        }

        var overImap = await FetchOverImapAsync(recipient, options);
        var overPop3 = await RetrieveOverPop3Async(recipient, options);

        Assert.Equal(overImap, overPop3);
        Assert.True(overImap.AsSpan().EndsWith(message), "the delivered message must end with exactly the bytes sent");
        var parsed = MimeParser.Parse(overImap);
        Assert.Equal("Überprüfung: Festplatte fast voll — ディスク容量 ⚠", parsed.Subject);
        Assert.Contains("Grüße aus Köln, 日本語のテキスト, emoji 🚨", parsed.GetTextBody(), StringComparison.Ordinal);
    }

    private static byte[] Raw8Bit(string sender, string recipient) => Encoding.UTF8.GetBytes(
        $"From: Überwachung <{sender}>\r\nTo: <{recipient}>\r\nSubject: Überprüfung: Festplatte fast voll — ディスク容量 ⚠\r\n" +
        $"Message-ID: <{Guid.NewGuid():N}@sandbox.test>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
        "Grüße aus Köln, 日本語のテキスト, emoji 🚨\r\n.a line starting with a dot\r\n.\r\nend\r\n");

    private static byte[] Composed(string sender, string recipient) => new MessageComposer("sandbox.test").Compose(new OutgoingMessage
    {
        From = new MailboxAddress("Überwachung", sender),
        To = [new MailboxAddress(recipient)],
        Subject = "Überprüfung: Festplatte fast voll — ディスク容量 ⚠",
        TextBody = "Grüße aus Köln, 日本語のテキスト, emoji 🚨\n.a line starting with a dot\n.\nend",
        HtmlBody = "<p>Grüße aus Köln, 日本語のテキスト, emoji 🚨</p>",
    }).Bytes;

    private MailCredentials Credentials(string user)
    {
        using var minter = JwtMinter.Trusted(_settings);
        return MailCredentials.FromAccessToken(user, minter.Mint(user));
    }

    private async Task<byte[]> FetchOverImapAsync(string user, MailConnectionOptions options)
    {
        await using var imap = new ImapClient(options);
        await imap.ConnectAsync(new MailEndpoint(_settings.Host, _settings.Ports.Imaps, TlsMode.Implicit), default);
        await imap.AuthenticateAsync(Credentials(user));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var inbox = await imap.ExamineAsync("INBOX", default);
            if (inbox.Exists > 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the message did not arrive within 20 s");
            await Task.Delay(100);
        }

        var messages = await imap.UidFetchAsync(UidSet.Parse("1:*"), ImapFetchItems.Body, default);
        await imap.LogoutAsync(default);
        return Assert.Single(messages).Body!;
    }

    private async Task<byte[]> RetrieveOverPop3Async(string user, MailConnectionOptions options)
    {
        await using var pop3 = new Pop3Client(options);
        await pop3.ConnectAsync(new MailEndpoint(_settings.Host, _settings.Ports.Pop3, TlsMode.StartTls), default);
        await pop3.AuthenticateAsync(Credentials(user), "OAUTHBEARER");
        var stat = await pop3.StatAsync(default);
        Assert.Equal(1, stat.Count);
        var bytes = await pop3.RetrieveAsync(1, default);
        await pop3.QuitAsync(default);
        return bytes;
    }
}
