using System.Buffers;
using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>Turns an <see cref="OutgoingMessage"/> into RFC 5322/MIME bytes: 7-bit clean, CRLF everywhere, every line at
/// most 998 octets (78 where practical), with Date (from the <see cref="TimeProvider"/>), a fresh Message-ID in the
/// configured domain, In-Reply-To/References for replies and <c>Auto-Submitted: auto-generated</c> (RFC 3834).
/// Invalid addresses, header names or ids throw <see cref="ArgumentException"/>; other text is sanitised and encoded so
/// it cannot start a header of its own.</summary>
public sealed class MessageComposer
{
    /// <summary>References beyond this are trimmed to the first one plus the most recent ones (as news and mail
    /// clients do), so a runaway thread cannot produce an unbounded header.</summary>
    public const int MaxReferences = 20;

    private const int MaxPrefixLength = 64;

    private readonly string _domain;
    private readonly TimeProvider _time;

    public MessageComposer(string messageIdDomain, TimeProvider? time = null)
    {
        if (string.IsNullOrWhiteSpace(messageIdDomain))
        {
            throw new ArgumentException("The Message-ID domain is required.", nameof(messageIdDomain));
        }

        _domain = MailboxAddressEncoder.NormalizeDomain(messageIdDomain.Trim(), nameof(messageIdDomain));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A new globally unique message id, without angle brackets: "[prefix.]random@domain" where random
    /// carries 128 bits from a cryptographic generator.</summary>
    public string NewMessageId(string? localPrefix = null)
    {
        var random = ComposerRandom.Base32(16);
        if (string.IsNullOrEmpty(localPrefix))
        {
            return random + "@" + _domain;
        }

        ValidatePrefix(localPrefix);
        return localPrefix + "." + random + "@" + _domain;
    }

    public ComposedMessage Compose(OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.From is null)
        {
            throw new ArgumentException("The message has no From address.", nameof(message));
        }

        var to = message.To ?? [];
        var cc = message.Cc ?? [];
        if (to.Count + cc.Count == 0)
        {
            throw new ArgumentException("The message has no recipient in To or Cc.", nameof(message));
        }

        var messageId = NewMessageId(message.MessageIdPrefix);
        var headers = new StringBuilder(1024);
        MailboxAddressEncoder.WriteList(headers, "From", [message.From], "From");
        if (to.Count > 0)
        {
            MailboxAddressEncoder.WriteList(headers, "To", to, "To");
        }

        if (cc.Count > 0)
        {
            MailboxAddressEncoder.WriteList(headers, "Cc", cc, "Cc");
        }

        if (message.ReplyTo is not null)
        {
            MailboxAddressEncoder.WriteList(headers, "Reply-To", [message.ReplyTo], "ReplyTo");
        }

        UnstructuredHeaderEncoder.Write(headers, "Subject", message.Subject);
        headers.Append("Date: ").Append(ComposerDateFormat.Format(_time.GetLocalNow())).Append("\r\n");
        headers.Append("Message-ID: <").Append(messageId).Append(">\r\n");
        WriteThreadHeaders(headers, message);
        headers.Append("Auto-Submitted: auto-generated\r\n");
        foreach (var (name, value) in message.ExtraHeaders ?? [])
        {
            HeaderInjectionGuard.ValidateExtraHeaderName(name);
            UnstructuredHeaderEncoder.Write(headers, name, value);
        }

        headers.Append("MIME-Version: 1.0\r\n");

        var output = new ArrayBufferWriter<byte>(4096);
        var text = EncodedPart.Create("text/plain", message.TextBody ?? string.Empty);
        if (message.HtmlBody is null)
        {
            Write(output, headers.ToString());
            text.WriteTo(output, endsMessage: true);
        }
        else
        {
            var html = EncodedPart.Create("text/html", message.HtmlBody);
            var boundary = ComposerBoundary.Create();
            while (ComposerBoundary.OccursIn(text.Body, boundary) || ComposerBoundary.OccursIn(html.Body, boundary))
            {
                boundary = ComposerBoundary.Create();
            }

            headers.Append("Content-Type: multipart/alternative;\r\n boundary=\"").Append(boundary).Append("\"\r\n\r\n");
            Write(output, headers.ToString());
            Write(output, "--" + boundary + "\r\n");
            text.WriteTo(output, endsMessage: false);
            Write(output, "--" + boundary + "\r\n");
            html.WriteTo(output, endsMessage: false);
            Write(output, "--" + boundary + "--\r\n");
        }

        return new ComposedMessage(messageId, output.WrittenSpan.ToArray());
    }

    private static void WriteThreadHeaders(StringBuilder headers, OutgoingMessage message)
    {
        // Invalid ids (spaces, 8-bit, CR/LF) are left out: threading is a courtesy, and the reply must still go out.
        var references = new List<string>();
        foreach (var id in message.References ?? [])
        {
            if (HeaderInjectionGuard.TryNormalizeMessageId(id) is { } normalized)
            {
                references.Add(normalized);
            }
        }

        if (HeaderInjectionGuard.TryNormalizeMessageId(message.InReplyTo) is { } parent)
        {
            headers.Append("In-Reply-To: <").Append(parent).Append(">\r\n");

            // RFC 5322 3.6.4: a reply's References are the parent's References followed by the parent's id.
            if (references.Count == 0 || references[^1] != parent)
            {
                references.Add(parent);
            }
        }

        if (references.Count == 0)
        {
            return;
        }

        if (references.Count > MaxReferences)
        {
            references = [references[0], .. references[^(MaxReferences - 1)..]];
        }

        var folder = new ComposerHeaderFolder(headers, "References");
        foreach (var id in references)
        {
            folder.Append("<" + id + ">");
        }

        folder.End();
    }

    private static void ValidatePrefix(string localPrefix)
    {
        var valid = localPrefix.Length <= MaxPrefixLength && localPrefix[0] != '.' && localPrefix[^1] != '.'
            && !localPrefix.Contains("..", StringComparison.Ordinal);
        foreach (var c in localPrefix)
        {
            valid &= c == '.' || MailboxAddressEncoder.IsAtext(c);
        }

        if (!valid)
        {
            throw new ArgumentException(
                $"Message-ID prefix '{HeaderInjectionGuard.Printable(localPrefix)}' must be up to {MaxPrefixLength} characters of dot-atom text.",
                nameof(localPrefix));
        }
    }

    private static void Write(ArrayBufferWriter<byte> output, string ascii)
    {
        var span = output.GetSpan(ascii.Length);
        var count = Encoding.ASCII.GetBytes(ascii, span);
        output.Advance(count);
    }

    /// <summary>One text body part: its headers and its encoded body. Inside a multipart the body is always followed by a
    /// CRLF, which belongs to the next delimiter, so the content comes back exactly; a single-part message only needs
    /// one when the body does not already end with a line break.</summary>
    private sealed record EncodedPart(string Headers, byte[] Body)
    {
        public static EncodedPart Create(string mediaType, string content)
        {
            var bytes = ComposerText.ToCrlfUtf8(content);
            var encoding = ContentTransferEncoder.Choose(bytes);
            var headers = $"Content-Type: {mediaType}; charset=utf-8\r\nContent-Transfer-Encoding: {ContentTransferEncoder.HeaderValue(encoding)}\r\n\r\n";
            return new EncodedPart(headers, ContentTransferEncoder.Encode(bytes, encoding));
        }

        public void WriteTo(ArrayBufferWriter<byte> output, bool endsMessage)
        {
            Write(output, Headers);
            output.Write(Body);
            if (!endsMessage || !Body.AsSpan().EndsWith("\r\n"u8))
            {
                Write(output, "\r\n");
            }
        }
    }
}
