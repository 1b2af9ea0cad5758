using System.Text;
using AckPoller.Mail.Mime;
using static AckPoller.Mail.Tests.Mime.Parsing.MimeTestMessages;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class StructureTests
{
    private const string OutlookReply = """
        From: "Oncall, Bob" <bob@example.com>
        To: alerts@ackpoller.test
        Subject: RE: [ALERT-42] disk full
        In-Reply-To: <alert-42@ackpoller.test>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="outer"

        This is a multi-part message in MIME format.
        --outer
        Content-Type: multipart/alternative;
        	boundary="inner"

        --inner
        Content-Type: text/plain; charset="windows-1252"
        Content-Transfer-Encoding: quoted-printable

        ack =96 on it
        --outer is not a boundary here
        --inner
        Content-Type: text/html; charset="utf-8"
        Content-Transfer-Encoding: base64

        PGRpdj5hY2sg4oCTIG9uIGl0PC9kaXY+
        --inner--

        --outer
        Content-Type: application/pdf; name="report.pdf"
        Content-Disposition: attachment; filename="report.pdf"
        Content-Transfer-Encoding: base64

        JVBERi0xLjQK
        --outer--
        epilogue text
        """;

    [Fact]
    public void Nested_multipart_is_split_with_preamble_epilogue_and_bodies()
    {
        var message = Parse(OutlookReply);
        Assert.Empty(message.Warnings);
        var outer = Assert.IsType<Multipart>(message.Body);
        Assert.Equal("outer", outer.Boundary);
        Assert.Equal("This is a multi-part message in MIME format.", Latin1(outer.Preamble));
        Assert.Equal("epilogue text", Latin1(outer.Epilogue));
        Assert.True(outer.HasFinalBoundary);
        Assert.Equal(2, outer.Parts.Count);

        var alternative = Assert.IsType<Multipart>(outer.Parts[0]);
        Assert.Equal("multipart/alternative", alternative.ContentType.MimeType);
        var plain = Assert.IsType<MimePart>(alternative.Parts[0]);
        Assert.Equal("ack =96 on it\r\n--outer is not a boundary here", Latin1(plain.RawContent));
        Assert.Equal("ack – on it\r\n--outer is not a boundary here", plain.GetText());
        var html = Assert.IsType<MimePart>(alternative.Parts[1]);
        Assert.Equal("<div>ack – on it</div>", html.GetText());

        Assert.Equal("ack – on it\n--outer is not a boundary here", message.GetTextBody());
        Assert.Equal("<div>ack – on it</div>", message.GetHtmlBody());
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal("report.pdf", attachment.FileName);
        Assert.Equal("%PDF-1.4\n", Encoding.ASCII.GetString(attachment.DecodeContent()));
        Assert.Equal("Oncall, Bob", message.From[0].DisplayName);
        Assert.Equal(["alert-42@ackpoller.test"], message.InReplyTo);
    }

    [Fact]
    public void Html_only_reply_is_converted_to_text()
    {
        var message = Parse("""
            Content-Type: text/html; charset=utf-8

            <html><head><style>.x{}</style></head><body><div>ack</div><blockquote>alert text</blockquote></body></html>
            """);
        Assert.Equal("ack\n> alert text", message.GetTextBody());
    }

    [Fact]
    public void Only_exact_boundary_lines_count()
    {
        var message = Parse(
            "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n--bb is longer\n --b indented\n" +
            "x--b glued\n--b-- trailing text\n--b\t \n\nsecond\n--b--\t\n");
        Assert.Empty(message.Warnings);
        var multipart = Assert.IsType<Multipart>(message.Body);
        Assert.Equal(2, multipart.Parts.Count);
        Assert.Equal("--bb is longer\r\n --b indented\r\nx--b glued\r\n--b-- trailing text", Latin1(((MimePart)multipart.Parts[0]).RawContent));
        Assert.Equal("second", Latin1(((MimePart)multipart.Parts[1]).RawContent));
    }

    [Fact]
    public void Missing_final_boundary_is_a_warning_and_the_last_part_runs_to_the_end()
    {
        var message = Parse("""
            Content-Type: multipart/mixed; boundary=b

            --b

            first
            --b

            last line
            """);
        var multipart = Assert.IsType<Multipart>(message.Body);
        Assert.False(multipart.HasFinalBoundary);
        Assert.Equal("last line", Latin1(((MimePart)multipart.Parts[1]).RawContent));
        Assert.Contains(message.Warnings, w => w.Contains("missing final boundary", StringComparison.Ordinal));
    }

    [Fact]
    public void Inner_multipart_missing_its_end_stops_at_the_outer_boundary()
    {
        var message = Parse("""
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner

            text
            --outer

            second outer part
            --outer--
            """);
        var outer = Assert.IsType<Multipart>(message.Body);
        Assert.Equal(2, outer.Parts.Count);
        var inner = Assert.IsType<Multipart>(outer.Parts[0]);
        Assert.Equal("text", Latin1(((MimePart)inner.Parts[0]).RawContent));
        Assert.Equal("second outer part", Latin1(((MimePart)outer.Parts[1]).RawContent));
        Assert.Single(message.Warnings);
    }

    [Fact]
    public void Bare_lf_line_endings_work()
    {
        var message = MimeParser.Parse("Subject: lf\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhello\n--b--\n"u8.ToArray());
        Assert.Equal("lf", message.Subject);
        Assert.Equal("hello", message.GetTextBody());
    }

    [Fact]
    public void Multipart_without_boundary_is_text_with_a_warning()
    {
        var message = Parse("""
            Content-Type: multipart/mixed

            ack
            """);
        var part = Assert.IsType<MimePart>(message.Body);
        Assert.Equal("text/plain", part.ContentType.MimeType);
        Assert.Equal("ack", message.GetTextBody());
        Assert.Contains(message.Warnings, w => w.Contains("without a boundary", StringComparison.Ordinal));
    }

    [Fact]
    public void Boundary_never_found_keeps_the_body_as_preamble()
    {
        var message = Parse("""
            Content-Type: multipart/mixed; boundary=nothere

            just text
            """);
        var multipart = Assert.IsType<Multipart>(message.Body);
        Assert.Empty(multipart.Parts);
        Assert.Equal("just text", Latin1(multipart.Preamble));
        Assert.Single(message.Warnings);
    }

    [Fact]
    public void Message_rfc822_is_parsed_recursively_and_not_taken_as_the_body()
    {
        var message = Parse("""
            Subject: Fwd: alert
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            see below
            --b
            Content-Type: message/rfc822

            Subject: =?utf-8?q?inner_=E2=9C=93?=
            Message-ID: <inner@x.test>
            Content-Type: multipart/alternative; boundary=c

            --c
            Content-Type: text/plain

            inner text
            --c--

            --b--
            """);
        Assert.Empty(message.Warnings);
        var embedded = Assert.IsType<MessagePart>(((Multipart)message.Body).Parts[1]);
        Assert.Equal("inner ✓", embedded.Message.Subject);
        Assert.Equal("inner@x.test", embedded.Message.MessageId);
        Assert.Equal("inner text", embedded.Message.GetTextBody());
        Assert.Equal("see below", message.GetTextBody());
        Assert.StartsWith("Subject: =?utf-8?q?inner", Latin1(embedded.Message.Raw), StringComparison.Ordinal);
    }

    [Fact]
    public void Base64_encoded_message_rfc822_is_decoded_and_parsed()
    {
        var inner = Convert.ToBase64String(Encoding.ASCII.GetBytes("Subject: wrapped\r\n\r\nbody\r\n"));
        var message = Parse($"""
            Content-Type: message/rfc822
            Content-Transfer-Encoding: base64

            {inner}
            """);
        var embedded = Assert.IsType<MessagePart>(message.Body);
        Assert.Equal("wrapped", embedded.Message.Subject);
    }

    [Fact]
    public void Digest_parts_default_to_message_rfc822()
    {
        var message = Parse("""
            Content-Type: multipart/digest; boundary=d

            --d

            Subject: one

            first
            --d--
            """);
        var embedded = Assert.IsType<MessagePart>(((Multipart)message.Body).Parts[0]);
        Assert.Equal("one", embedded.Message.Subject);
    }

    [Fact]
    public void Delivery_status_notification_is_recognised_and_read()
    {
        var message = Parse("""
            Return-Path: <>
            From: MAILER-DAEMON@mx.example.com
            Subject: Undelivered Mail Returned to Sender
            Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

            --dsn
            Content-Type: text/plain

            I'm sorry to have to inform you that your message could not be delivered.
            --dsn
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.com
            Arrival-Date: Tue, 24 Nov 2026 04:09:25 +0000

            Final-Recipient: rfc822; oncall@example.com
            Original-Recipient: rfc822;oncall@example.com
            Action: failed
            Status: 5.1.1 (user unknown)
            Remote-MTA: dns; mail.example.com
            Diagnostic-Code: smtp; 550 5.1.1 <oncall@example.com>: Recipient address
                rejected: User unknown

            --dsn
            Content-Type: text/rfc822-headers

            Message-ID: <alert-42@ackpoller.test>
            Subject: [ALERT-42] disk full

            --dsn--
            """);
        Assert.True(message.AutoReply.IsDeliveryStatusNotification);
        Assert.True(message.AutoReply.IsAutoReply);
        Assert.True(message.AutoReply.IsReturnPathEmpty);
        Assert.Equal(string.Empty, message.ReturnPath);
        var report = message.DeliveryStatus!;
        Assert.Equal("mx.example.com", report.ReportingMta);
        Assert.Equal("alert-42@ackpoller.test", report.OriginalMessageId);
        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("oncall@example.com", recipient.FinalRecipient);
        Assert.True(recipient.IsFailure);
        Assert.Equal("5.1.1", recipient.Status);
        Assert.Equal("smtp; 550 5.1.1 <oncall@example.com>: Recipient address    rejected: User unknown", recipient.DiagnosticCode);
        Assert.StartsWith("I'm sorry", message.GetTextBody(), StringComparison.Ordinal);
    }

    [Fact]
    public void Headers_keep_raw_bytes_and_decode_lazily()
    {
        var message = Parse("Subject: =?utf-8?q?caf=C3=A9?=\n folded\nX-Empty:\nX-Spaced : value \n\nbody");
        var subject = message.Headers.Find("subject")!;
        Assert.Equal(" =?utf-8?q?caf=C3=A9?=\r\n folded", Latin1(subject.RawValue));
        Assert.Equal("café folded", subject.Value);
        Assert.Equal(string.Empty, message.Headers["X-Empty"]);
        Assert.Equal("value", message.Headers["x-spaced"]);
        Assert.Equal("X-Spaced", message.Headers[2].Name);
        Assert.Null(message.Headers["X-Missing"]);
        Assert.Single(message.Headers.GetAll("SUBJECT"));
        Assert.Equal("body", message.GetTextBody());
    }

    [Fact]
    public void Raw_utf8_headers_are_read_as_utf8_and_latin1_when_invalid()
    {
        var utf8 = MimeParser.Parse("Subject: caf\u00e9\r\n\r\n"u8.ToArray());
        Assert.Equal("café", utf8.Subject);
        var latin = MimeParser.Parse(new byte[] { (byte)'S', (byte)'u', (byte)'b', (byte)'j', (byte)':', (byte)' ', 0xE9, 13, 10, 13, 10 });
        Assert.Equal("é", latin.Headers["Subj"]);
    }

    [Fact]
    public void Mbox_from_line_is_skipped_and_a_line_without_colon_starts_the_body()
    {
        var message = Parse("From alice@example.com Tue Nov 24 04:09:25 2026\nSubject: mbox\nthis line has no colon\nmore");
        Assert.Equal("mbox", message.Subject);
        Assert.Equal("this line has no colon\nmore", message.GetTextBody());
        Assert.Single(message.Warnings);
    }

    [Fact]
    public void Part_without_headers_defaults_to_text_plain()
    {
        var message = Parse("""
            Content-Type: multipart/mixed; boundary=b

            --b

            no headers here
            --b--
            """);
        var part = Assert.IsType<MimePart>(((Multipart)message.Body).Parts[0]);
        Assert.Empty(part.Headers);
        Assert.Equal("text/plain", part.ContentType.MimeType);
        Assert.Equal("no headers here", message.GetTextBody());
    }

    [Fact]
    public void Related_root_and_inline_images_are_not_attachments()
    {
        var message = Parse("""
            Content-Type: multipart/related; boundary=r; start="<root@x>"

            --r
            Content-Type: image/png; name=logo.png
            Content-ID: <logo@x>
            Content-Disposition: inline; filename=logo.png

            iVBORw0KGgo=
            --r
            Content-Type: text/html
            Content-ID: <root@x>

            <p>ack</p><img src="cid:logo@x">
            --r--
            """);
        Assert.Equal("ack", message.GetTextBody());
        Assert.Empty(message.Attachments);
        Assert.Equal("logo@x", ((Multipart)message.Body).Parts[0].ContentId);
    }

    [Fact]
    public void Format_flowed_text_is_joined()
    {
        var message = Parse("Content-Type: text/plain; format=flowed; delsp=no\n\nack, I am on \nit now.\n> quoted \n> text\n \n-- \nBob");
        Assert.Equal("ack, I am on it now.\n> quoted text\n\n-- \nBob", message.GetTextBody());
    }

    [Fact]
    public void Rfc2231_filename_of_an_attachment()
    {
        var message = Parse("""
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: application/octet-stream
            Content-Disposition: attachment;
             filename*0*=UTF-8''%E2%9C%93%20check;
             filename*1=".txt"

            x
            --b--
            """);
        Assert.Equal("✓ check.txt", Assert.Single(message.Attachments).FileName);
    }

    [Fact]
    public void Body_text_is_decoded_in_its_charset_or_guessed_when_undeclared()
    {
        var latin = MimeParser.Parse(Encoding.Latin1.GetBytes("Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nd=E9j=E0 vu \u00e9"));
        Assert.Equal("déjà vu é", latin.GetTextBody());
        var undeclaredUtf8 = MimeParser.Parse("\r\ncaf\u00e9"u8.ToArray());
        Assert.Equal("café", undeclaredUtf8.GetTextBody());
        var undeclared1252 = MimeParser.Parse(Encoding.Latin1.GetBytes("Content-Transfer-Encoding: 8bit\r\n\r\n\u0093ack\u0094 \u0080"));
        Assert.Equal("“ack” €", undeclared1252.GetTextBody());
        var japanese = MimeParser.Parse(Encoding.Latin1.GetBytes("Content-Type: text/plain; charset=iso-2022-jp\r\n\r\n\x1b$BF|K\\8l\x1b(B"));
        Assert.Equal("日本語", japanese.GetTextBody());
    }

    [Fact]
    public void Signed_message_body_is_the_signed_content_and_encrypted_has_no_text()
    {
        var signed = Parse("""
            Content-Type: multipart/signed; protocol="application/pgp-signature"; micalg=pgp-sha256; boundary=s

            --s
            Content-Type: text/plain

            ack (signed)
            --s
            Content-Type: application/pgp-signature; name=signature.asc

            -----BEGIN PGP SIGNATURE-----
            --s--
            """);
        Assert.Equal("ack (signed)", signed.GetTextBody());
        var firstPart = ((Multipart)signed.Body).Parts[0];
        Assert.Equal("Content-Type: text/plain\r\n\r\nack (signed)", Latin1(firstPart.Raw));

        var encrypted = Parse("""
            Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary=e

            --e
            Content-Type: application/pgp-encrypted

            Version: 1
            --e
            Content-Type: text/plain

            -----BEGIN PGP MESSAGE-----
            --e--
            """);
        Assert.Null(encrypted.GetTextBody());
    }

    [Fact]
    public void Alternative_prefers_plain_even_when_html_comes_last_and_html_when_plain_is_absent()
    {
        var message = Parse("""
            Content-Type: multipart/alternative; boundary=a

            --a
            Content-Type: text/html

            <b>html</b>
            --a
            Content-Type: text/plain

            plain
            --a--
            """);
        Assert.Equal("plain", message.GetTextBody());
        Assert.Equal("<b>html</b>", message.GetHtmlBody());
        Assert.Null(Parse("Content-Type: image/png\n\nxx").GetTextBody());
    }

    [Fact]
    public void Message_global_is_an_embedded_message_with_utf8_headers()
    {
        var message = Parse("Content-Type: message/global\n\nSubject: d\u00e9j\u00e0\n\nbody");
        Assert.Equal("déjà", Assert.IsType<MessagePart>(message.Body).Message.Subject);
    }

    [Fact]
    public void Unreadable_content_type_falls_back_to_text_plain_with_a_warning()
    {
        var message = Parse("Content-Type: ???\n\nack");
        Assert.Equal("ack", message.GetTextBody());
        Assert.Contains(message.Warnings, w => w.Contains("unreadable Content-Type", StringComparison.Ordinal));
    }
}
