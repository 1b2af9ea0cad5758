namespace AckPoller.Mail.Mime;

/// <summary>The machine-readable part of a bounce (RFC 3464): per-message fields, per-recipient results, and the Message-ID of
/// the message that bounced (from the returned message or headers), so a bounce can be tied to what was sent.</summary>
public sealed record DeliveryStatusReport
{
    public string? ReportingMta { get; init; }

    public string? OriginalEnvelopeId { get; init; }

    public IReadOnlyList<DeliveryStatusRecipient> Recipients { get; init; } = [];

    /// <summary>Message-ID of the returned message (message/rfc822 or text/rfc822-headers part), without brackets.</summary>
    public string? OriginalMessageId { get; init; }

    internal static DeliveryStatusReport? FromMessage(MimeMessage message)
    {
        if (message.Body is not Multipart { ContentType.MediaSubtype: "report" } report
            || !string.Equals(report.ContentType.GetParameter("report-type")?.Trim(), "delivery-status", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        MimePart? status = null;
        string? originalMessageId = null;
        foreach (var part in report.Parts)
        {
            if (part is MimePart statusPart && statusPart.ContentType.MediaType == "message"
                && statusPart.ContentType.MediaSubtype is "delivery-status" or "global-delivery-status")
            {
                status ??= statusPart;
            }
            else if (part is MessagePart returned)
            {
                originalMessageId ??= returned.Message.MessageId;
            }
            else if (part is MimePart headersPart && headersPart.ContentType.MediaSubtype is "rfc822-headers" or "global-headers")
            {
                originalMessageId ??= ParseBlocks(headersPart.DecodeContent()) is [var headers, ..] && headers.Find("Message-ID") is { } id
                    ? MessageIdParser.ParseMessageId(id.UnfoldedText)
                    : null;
            }
        }

        if (status is null)
        {
            return new DeliveryStatusReport { OriginalMessageId = originalMessageId };
        }

        var blocks = ParseBlocks(status.DecodeContent());
        var perMessage = blocks.Count > 0 ? blocks[0] : new HeaderList();
        var recipients = new List<DeliveryStatusRecipient>();
        for (var i = 1; i < blocks.Count; i++)
        {
            var block = blocks[i];
            recipients.Add(new DeliveryStatusRecipient
            {
                FinalRecipient = StripType(Value(block, "Final-Recipient")),
                OriginalRecipient = StripType(Value(block, "Original-Recipient")),
                Action = Value(block, "Action")?.ToLowerInvariant(),
                Status = Value(block, "Status") is { } code ? FirstWord(code) : null,
                DiagnosticCode = Value(block, "Diagnostic-Code"),
                RemoteMta = StripType(Value(block, "Remote-MTA")),
            });
        }

        return new DeliveryStatusReport
        {
            ReportingMta = StripType(Value(perMessage, "Reporting-MTA")),
            OriginalEnvelopeId = Value(perMessage, "Original-Envelope-Id"),
            Recipients = recipients,
            OriginalMessageId = originalMessageId,
        };
    }

    private static List<HeaderList> ParseBlocks(byte[] content)
    {
        var blocks = new List<HeaderList>();
        var context = new MimeParseContext(MimeParserOptions.Default);
        var pos = 0;
        while (pos < content.Length && blocks.Count < 10_000)
        {
            var headers = HeaderBlockParser.Parse(content, pos, content.Length, context, "delivery-status", allowMboxFromLine: false, out var next);
            if (headers.Count > 0)
            {
                blocks.Add(headers);
            }

            if (next <= pos)
            {
                // A line that is not a field: skip it rather than give up on the rest.
                var newline = Array.IndexOf(content, (byte)'\n', pos);
                next = newline < 0 ? content.Length : newline + 1;
            }

            pos = next;
        }

        return blocks;
    }

    private static string? Value(HeaderList block, string name) => block.Find(name)?.UnfoldedText is { Length: > 0 } value ? value : null;

    private static string? StripType(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim().Trim('<', '>');
    }

    private static string FirstWord(string value)
    {
        var trimmed = value.Trim();
        var space = trimmed.AsSpan().IndexOfAny(" \t(");
        return space < 0 ? trimmed : trimmed[..space];
    }
}
