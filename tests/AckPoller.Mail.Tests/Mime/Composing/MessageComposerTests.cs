using System.Text;
using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Composing;

[Trait("Category", "Unit")]
public class MessageComposerTests
{
    private static readonly MessageComposer Composer = ComposerFixture.Composer();

    [Fact]
    public void A_text_only_alert_has_the_standard_headers_in_order()
    {
        var composed = Composer.Compose(ComposerFixture.Alert());
        var headers = ComposedText.Headers(composed.Bytes);

        Assert.Equal(
            ["From", "To", "Subject", "Date", "Message-ID", "Auto-Submitted", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"],
            headers.Select(h => h.Name));
        Assert.Equal("AckPoller <alerts@ackpoller.example.net>", ComposedText.Header(composed.Bytes, "From"));
        Assert.Equal("On-call <oncall@ops.example.com>", ComposedText.Header(composed.Bytes, "To"));
        Assert.Equal("[ALERT] disk full on db-01", ComposedText.Header(composed.Bytes, "Subject"));
        Assert.Equal("Mon, 24 Nov 2025 10:05:07 +0100", ComposedText.Header(composed.Bytes, "Date"));
        Assert.Equal("<" + composed.MessageId + ">", ComposedText.Header(composed.Bytes, "Message-ID"));
        Assert.Equal("auto-generated", ComposedText.Header(composed.Bytes, "Auto-Submitted"));
        Assert.Equal("1.0", ComposedText.Header(composed.Bytes, "MIME-Version"));
        Assert.Equal("text/plain; charset=utf-8", ComposedText.Header(composed.Bytes, "Content-Type"));
        Assert.Equal("7bit", ComposedText.Header(composed.Bytes, "Content-Transfer-Encoding"));

        var text = Encoding.ASCII.GetString(composed.Bytes);
        Assert.EndsWith("\r\n\r\nDisk /var is 97% full.\r\nReply ACK to acknowledge.\r\n", text, StringComparison.Ordinal);
        Assert.False(text.EndsWith("\r\n\r\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Negative_offsets_are_formatted_with_a_minus_sign()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("NST", TimeSpan.FromMinutes(-210), "NST", "NST");
        var composer = new MessageComposer("ackpoller.example.net", new FixedTimeProvider(ComposerFixture.Now, zone));
        var composed = composer.Compose(ComposerFixture.Alert());
        Assert.Equal("Mon, 24 Nov 2025 05:35:07 -0330", ComposedText.Header(composed.Bytes, "Date"));
    }

    [Fact]
    public void Html_makes_a_multipart_alternative_with_text_first()
    {
        var message = ComposerFixture.Alert() with { HtmlBody = "<p>Disk <b>/var</b> is 97% full.</p>" };
        var composed = Composer.Compose(message);
        var contentType = ComposedText.Header(composed.Bytes, "Content-Type");
        Assert.StartsWith("multipart/alternative; boundary=\"=_", contentType, StringComparison.Ordinal);
        var boundary = contentType[(contentType.IndexOf('"', StringComparison.Ordinal) + 1)..^1];

        var lines = ComposedText.Lines(composed.Bytes);
        var delimiters = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("--" + boundary, StringComparison.Ordinal)).ToList();
        Assert.Equal(["--" + boundary, "--" + boundary, "--" + boundary + "--"], delimiters.Select(d => d.l));
        Assert.Equal("Content-Type: text/plain; charset=utf-8", lines[delimiters[0].i + 1]);
        Assert.Equal("Content-Type: text/html; charset=utf-8", lines[delimiters[1].i + 1]);
        Assert.Equal(lines.Count - 1, delimiters[2].i);
    }

    [Fact]
    public void Boundaries_differ_between_messages()
    {
        var message = ComposerFixture.Alert() with { HtmlBody = "<p>x</p>" };
        var a = ComposedText.Header(Composer.Compose(message).Bytes, "Content-Type");
        var b = ComposedText.Header(Composer.Compose(message).Bytes, "Content-Type");
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("Plain ACK reply.\n", "7bit")]
    [InlineData("Acquittée par Hélène, merci.\n", "quoted-printable")]
    [InlineData("アラートは山田さんが確認しました。", "base64")]
    [InlineData("🔥🔥🔥🔥🔥", "base64")]
    public void The_transfer_encoding_follows_the_content(string text, string expected)
    {
        var composed = Composer.Compose(ComposerFixture.Alert(text: text));
        Assert.Equal(expected, ComposedText.Header(composed.Bytes, "Content-Transfer-Encoding"));
    }

    [Fact]
    public void A_5000_character_line_without_spaces_is_wrapped_everywhere()
    {
        var longWord = string.Concat(Enumerable.Range(0, 5000).Select(i => (char)('a' + (i % 26))));
        var message = ComposerFixture.Alert(subject: "Token " + longWord, text: longWord) with
        {
            HtmlBody = "<p>" + longWord + "</p>",
            ExtraHeaders = [new("X-AckPoller-Ref", longWord)],
            To = [new MailboxAddress(longWord, "oncall@ops.example.com")],
        };

        var composed = Composer.Compose(message);
        var lines = ComposedText.Lines(composed.Bytes);
        Assert.All(lines, l => Assert.True(l.Length <= 78, $"line of {l.Length}: {l[..Math.Min(60, l.Length)]}"));
        Assert.Equal("Token " + longWord, ComposedText.DecodeWords(ComposedText.Header(composed.Bytes, "Subject")));
        Assert.Equal(longWord, ComposedText.DecodeWords(ComposedText.Header(composed.Bytes, "X-AckPoller-Ref")));
    }

    [Fact]
    public void Long_headers_fold_at_78_and_unfold_to_the_original()
    {
        var subject = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"word{i}"));
        var recipients = Enumerable.Range(1, 12).Select(i => new MailboxAddress($"Engineer Number {i}", $"engineer{i}@ops.example.com")).ToList();
        var composed = Composer.Compose(ComposerFixture.Alert(subject: subject) with { To = recipients, References = ["a@x", "b@x", "c@x", "d@x", "e@x", "f@x", "g@x", "h@x", "i@x", "j@x", "k@x"] });

        var headerLines = ComposedText.HeaderLines(composed.Bytes);
        Assert.All(headerLines, l => Assert.True(l.Length <= 78, l));
        Assert.True(headerLines.Count(l => l.StartsWith(' ')) > 3, "expected folded lines");
        Assert.Equal(subject, ComposedText.Header(composed.Bytes, "Subject"));
        Assert.Equal(
            string.Join(", ", recipients.Select(r => $"{r.DisplayName} <{r.Address}>")),
            ComposedText.Header(composed.Bytes, "To"));
    }

    [Fact]
    public void Encoded_words_after_a_long_header_name_start_on_a_fresh_line()
    {
        var name = "X-" + new string('N', 70);
        var value = "Störung " + string.Concat(Enumerable.Repeat("日本語", 30));
        var composed = Composer.Compose(ComposerFixture.Alert() with { ExtraHeaders = [new(name, value)] });
        var lines = ComposedText.HeaderLines(composed.Bytes);
        var first = lines.FindIndex(l => l.StartsWith(name, StringComparison.Ordinal));
        Assert.Equal(name + ":", lines[first]);
        Assert.All(lines, l => Assert.True(l.Length <= 78, l));
        Assert.Equal(value, ComposedText.DecodeWords(ComposedText.Header(composed.Bytes, name)));
    }

    [Fact]
    public void Subject_whitespace_runs_are_kept_through_folding()
    {
        var subject = "alpha  beta   gamma " + string.Join(' ', Enumerable.Repeat("padding", 12)) + "   end";
        var composed = Composer.Compose(ComposerFixture.Alert(subject: subject));
        Assert.Equal(subject, ComposedText.Header(composed.Bytes, "Subject"));
    }

    [Fact]
    public void Only_the_words_that_need_it_are_encoded()
    {
        var composed = Composer.Compose(ComposerFixture.Alert(subject: "Re: [ALERT] Störung behoben – danke"));
        Assert.Equal("Re: [ALERT] =?UTF-8?Q?St=C3=B6rung?= behoben =?UTF-8?B?4oCT?= danke", ComposedText.Header(composed.Bytes, "Subject"));
    }

    [Fact]
    public void Text_that_looks_like_an_encoded_word_is_encoded_so_it_reads_back_literally()
    {
        var composed = Composer.Compose(ComposerFixture.Alert(subject: "literal =?utf-8?q?x?= here"));
        var subject = ComposedText.Header(composed.Bytes, "Subject");
        Assert.StartsWith("literal =?UTF-8?", subject, StringComparison.Ordinal);
        Assert.Equal("literal =?utf-8?q?x?= here", ComposedText.DecodeWords(subject));
    }

    [Theory]
    [InlineData("Ops Team", "Ops Team <a@example.com>")]
    [InlineData("O'Brien", "O'Brien <a@example.com>")]
    [InlineData("Doe, John", "\"Doe, John\" <a@example.com>")]
    [InlineData("John Q. Public", "\"John Q. Public\" <a@example.com>")]
    [InlineData("Say \"hi\" \\ bye", "\"Say \\\"hi\\\" \\\\ bye\" <a@example.com>")]
    [InlineData("Hans Müller", "Hans =?UTF-8?Q?M=C3=BCller?= <a@example.com>")]
    [InlineData("Müller, Hans", "=?UTF-8?B?TcO8bGxlciw=?= Hans <a@example.com>")]
    [InlineData("José Ramírez García", "=?UTF-8?Q?Jos=C3=A9_Ram=C3=ADrez_Garc=C3=ADa?= <a@example.com>")]
    [InlineData("山田 太郎", "=?UTF-8?B?5bGx55SwIOWkqumDjg==?= <a@example.com>")]
    [InlineData("", "a@example.com")]
    [InlineData("  ", "a@example.com")]
    public void Display_names_are_atoms_quoted_or_encoded(string name, string expected)
    {
        var composed = Composer.Compose(ComposerFixture.Alert() with { To = [new MailboxAddress(name, "a@example.com")] });
        Assert.Equal(expected, ComposedText.Header(composed.Bytes, "To"));
    }

    [Fact]
    public void Cc_and_reply_to_are_written_when_present()
    {
        var composed = Composer.Compose(ComposerFixture.Alert() with
        {
            Cc = [new MailboxAddress("b@example.com"), new MailboxAddress("C", "c@example.com")],
            ReplyTo = new MailboxAddress("Ack desk", "ack@ackpoller.example.net"),
        });
        Assert.Equal("b@example.com, C <c@example.com>", ComposedText.Header(composed.Bytes, "Cc"));
        Assert.Equal("Ack desk <ack@ackpoller.example.net>", ComposedText.Header(composed.Bytes, "Reply-To"));
    }

    [Fact]
    public void Internationalised_domains_are_written_as_a_labels()
    {
        var composed = Composer.Compose(ComposerFixture.Alert() with { To = [new MailboxAddress("joerg@bücher.example")] });
        Assert.Equal("joerg@xn--bcher-kva.example", ComposedText.Header(composed.Bytes, "To"));
    }

    [Fact]
    public void Quoted_local_parts_and_domain_literals_are_accepted()
    {
        var composed = Composer.Compose(ComposerFixture.Alert() with { To = [new MailboxAddress("\"on call\"@[192.0.2.7]")] });
        Assert.Equal("\"on call\"@[192.0.2.7]", ComposedText.Header(composed.Bytes, "To"));
    }

    [Fact]
    public void Replies_carry_in_reply_to_and_references_ending_with_the_parent()
    {
        var composed = Composer.Compose(ComposerFixture.Alert() with { InReplyTo = "<parent@mail.example.com>", References = ["root@mail.example.com"] });
        Assert.Equal("<parent@mail.example.com>", ComposedText.Header(composed.Bytes, "In-Reply-To"));
        Assert.Equal("<root@mail.example.com> <parent@mail.example.com>", ComposedText.Header(composed.Bytes, "References"));

        var already = Composer.Compose(ComposerFixture.Alert() with { InReplyTo = "p@x", References = ["r@x", "p@x"] });
        Assert.Equal("<r@x> <p@x>", ComposedText.Header(already.Bytes, "References"));
    }

    [Fact]
    public void Long_reference_chains_keep_the_root_and_the_most_recent()
    {
        var ids = Enumerable.Range(0, 50).Select(i => $"id{i}@thread.example.com").ToList();
        var composed = Composer.Compose(ComposerFixture.Alert() with { References = ids });
        var references = ComposedText.Header(composed.Bytes, "References").Split(' ');
        Assert.Equal(MessageComposer.MaxReferences, references.Length);
        Assert.Equal("<id0@thread.example.com>", references[0]);
        Assert.Equal("<id31@thread.example.com>", references[1]);
        Assert.Equal("<id49@thread.example.com>", references[^1]);
    }

    [Fact]
    public void Message_ids_are_unique_and_in_the_configured_domain()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => Composer.NewMessageId()).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(20_000, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[a-z2-7]{26}@ackpoller\\.example\\.net$", id));

        var a = Composer.Compose(ComposerFixture.Alert());
        var b = Composer.Compose(ComposerFixture.Alert());
        Assert.NotEqual(a.MessageId, b.MessageId);
    }

    [Fact]
    public void A_prefix_goes_before_the_random_part()
    {
        Assert.Matches("^ap\\.K3X9QZ\\.[a-z2-7]{26}@ackpoller\\.example\\.net$", Composer.NewMessageId("ap.K3X9QZ"));
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("with space")]
    [InlineData(".lead")]
    [InlineData("x\r\nBcc: y")]
    public void Invalid_prefixes_are_refused(string prefix) =>
        Assert.Throws<ArgumentException>(() => Composer.NewMessageId(prefix));

    [Theory]
    [InlineData("")]
    [InlineData("bad domain")]
    [InlineData("example.com\r\nBcc: x@y")]
    [InlineData("-bad.example")]
    public void Invalid_message_id_domains_are_refused(string domain) =>
        Assert.Throws<ArgumentException>(() => new MessageComposer(domain));

    [Fact]
    public void A_message_without_recipients_is_refused() =>
        Assert.Throws<ArgumentException>(() => Composer.Compose(ComposerFixture.Alert() with { To = [] }));
}
