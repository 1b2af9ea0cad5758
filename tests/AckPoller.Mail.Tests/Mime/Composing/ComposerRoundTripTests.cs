using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Composing;

/// <summary>Compose, then parse with <see cref="MimeParser"/>: everything the composer encoded comes back unchanged.</summary>
[Trait("Category", "Unit")]
public class ComposerRoundTripTests
{
    private static readonly MessageComposer Composer = ComposerFixture.Composer();

    public static TheoryData<string, string, string, string> Contents => new()
    {
        {
            "ascii", "[ALERT] db-01: disk /var 97% full (threshold 90%)", "Ops, \"Night\" Shift",
            "Disk /var on db-01 is 97% full.\nReply ACK to acknowledge.\n\n-- \nAckPoller"
        },
        {
            "accented", "Re: [ALERTE] Problème réglé — Störung behoben, ¿qué pasó?", "Hélène Garnier-Müller",
            "L'alerte a été acquittée par Hélène à 10h05.\nMerci à l'équipe d'astreinte ; « très bien » !\n= signe égal =3D\n"
        },
        {
            "cjk", "【警告】データベースサーバーのディスク使用率が九十七パーセントに達しました 告警已确认", "山田 太郎",
            "アラートは山田さんが確認しました。\n告警已确认，负责人：王伟。\n한국어 텍스트도 있습니다.\n"
        },
        {
            "emoji", "🔥 db-01 disk full 🚨 — ack ✅👍 👩‍💻🏳️‍🌈", "Sam 🦊 Okafor",
            "🔥🔥🔥 acknowledged 👍\n👩‍💻 on it\n" + string.Concat(Enumerable.Repeat("😀", 200))
        },
        {
            "mixed-long", string.Join(' ', Enumerable.Repeat("Überprüfung der Störung auf db-01 日本語", 8)), "Doe, John (Ops) Müller",
            string.Join("\n", Enumerable.Range(0, 50).Select(i => $"Zeile {i}: Störung – {new string('x', i * 7)} 漢字"))
        },
    };

    [Theory]
    [MemberData(nameof(Contents))]
    public void Multipart_alternative_round_trips_exactly(string label, string subject, string name, string text)
    {
        var html = $"<html><body><p>{label}</p><pre>{text}</pre></body></html>";
        var message = new OutgoingMessage
        {
            From = new MailboxAddress(name, "alerts@ackpoller.example.net"),
            To = [new MailboxAddress(name, "oncall@ops.example.com"), new MailboxAddress("second@ops.example.com")],
            Cc = [new MailboxAddress("Équipe d'astreinte", "astreinte@ops.example.fr")],
            ReplyTo = new MailboxAddress(name + " (replies)", "ack@ackpoller.example.net"),
            Subject = subject,
            TextBody = text,
            HtmlBody = html,
            InReplyTo = "parent.1@mail.example.com",
            References = ["root.0@mail.example.com"],
            ExtraHeaders = [new("X-AckPoller-Ref", "K3X9QZ " + label)],
        };

        var composed = Composer.Compose(message);
        Assert.All(ComposedText.Lines(composed.Bytes), l => Assert.True(l.Length <= 78, l));
        var parsed = MimeParser.Parse(composed.Bytes);

        Assert.Empty(parsed.Warnings);
        Assert.Equal(subject, parsed.Subject);
        AssertMailbox(name, "alerts@ackpoller.example.net", Assert.Single(parsed.From));
        Assert.Equal(2, parsed.To.Count);
        AssertMailbox(name, "oncall@ops.example.com", parsed.To[0]);
        AssertMailbox(null, "second@ops.example.com", parsed.To[1]);
        AssertMailbox("Équipe d'astreinte", "astreinte@ops.example.fr", Assert.Single(parsed.Cc));
        AssertMailbox(name + " (replies)", "ack@ackpoller.example.net", Assert.Single(parsed.ReplyTo));
        Assert.Equal(composed.MessageId, parsed.MessageId);
        Assert.Equal(["parent.1@mail.example.com"], parsed.InReplyTo);
        Assert.Equal(["root.0@mail.example.com", "parent.1@mail.example.com"], parsed.References);
        Assert.Equal(ComposerFixture.Now, parsed.Date);
        Assert.Equal("K3X9QZ " + label, parsed.Headers["X-AckPoller-Ref"]);
        Assert.Equal("auto-generated", parsed.Headers["Auto-Submitted"]);
        Assert.Equal(text, parsed.GetTextBody());
        Assert.Equal(html, parsed.GetHtmlBody()?.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Empty(parsed.Attachments);
    }

    [Theory]
    [MemberData(nameof(Contents))]
    public void Text_only_round_trips(string label, string subject, string name, string text)
    {
        var composed = Composer.Compose(ComposerFixture.Alert(subject, text) with
        {
            To = [new MailboxAddress(name, "oncall@ops.example.com")],
            ExtraHeaders = [new("X-Label", label)],
        });
        var parsed = MimeParser.Parse(composed.Bytes);

        Assert.Empty(parsed.Warnings);
        Assert.Equal("text/plain", parsed.Body.ContentType.MimeType);
        Assert.Equal(label, parsed.Headers["X-Label"]);
        Assert.Equal(subject, parsed.Subject);
        AssertMailbox(name, "oncall@ops.example.com", Assert.Single(parsed.To));
        // A single-part body may gain the final line break that ends the message (7bit, quoted-printable).
        var body = parsed.GetTextBody();
        Assert.True(body == text || body == text + "\n", $"text came back as: {body}");
        Assert.Null(parsed.GetHtmlBody());
    }

    [Fact]
    public void Hostile_text_round_trips_as_harmless_text()
    {
        var longWord = new string('z', 5000);
        var message = ComposerFixture.Alert(subject: "ack\r\nBcc: victim@example.org " + longWord, text: longWord + "\r\n.\r\nQUIT\r\n") with
        {
            To = [new MailboxAddress("Eve\r\nBcc: victim@example.org", "oncall@ops.example.com")],
        };

        var parsed = MimeParser.Parse(Composer.Compose(message).Bytes);
        Assert.Empty(parsed.Warnings);
        Assert.Null(parsed.Headers["Bcc"]);
        Assert.Equal("ack  Bcc: victim@example.org " + longWord, parsed.Subject);
        AssertMailbox("Eve Bcc: victim@example.org", "oncall@ops.example.com", Assert.Single(parsed.To));
        Assert.Equal(longWord + "\n.\nQUIT\n", parsed.GetTextBody());
    }

    private static void AssertMailbox(string? name, string address, MailboxAddress actual)
    {
        Assert.Equal(address, actual.Address);
        Assert.Equal(name, string.IsNullOrEmpty(actual.DisplayName) ? null : actual.DisplayName);
    }
}
