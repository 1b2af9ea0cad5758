namespace AckPoller.Mail.Mime;

/// <summary>Finds the body parts a reader would see: the text/plain or text/html body (the last matching alternative of a
/// multipart/alternative, the root of multipart/related, the signed content of multipart/signed, the first readable part of
/// anything else) and the attachments. Embedded messages are not searched: a forwarded message is not the reply.</summary>
internal static class BodySelector
{
    private const int MaxDepth = 1000;

    public static MimePart? FindTextPart(MimeEntity entity, string subtype) => Find(entity, subtype, 0);

    public static IReadOnlyList<MimePart> FindAttachments(MimeEntity root)
    {
        var result = new List<MimePart>();
        var stack = new Stack<MimeEntity>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case MimePart { IsAttachment: true } part:
                    result.Add(part);
                    break;
                case MessagePart { IsAttachment: true } message:
                    result.Add(message.AsAttachment());
                    break;
                case Multipart multipart:
                    for (var i = multipart.Parts.Count - 1; i >= 0; i--)
                    {
                        stack.Push(multipart.Parts[i]);
                    }

                    break;
            }
        }

        return result;
    }

    private static MimePart? Find(MimeEntity entity, string subtype, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        switch (entity)
        {
            case MimePart part:
                return part.ContentType.Is("text", subtype) && !part.IsAttachment ? part : null;
            case Multipart { Parts.Count: > 0 } multipart:
                var parts = multipart.Parts;
                switch (multipart.ContentType.MediaSubtype)
                {
                    case "alternative":
                        for (var i = parts.Count - 1; i >= 0; i--)
                        {
                            if (Find(parts[i], subtype, depth + 1) is { } alternative)
                            {
                                return alternative;
                            }
                        }

                        return null;
                    case "related":
                        return Find(FindRelatedRoot(multipart), subtype, depth + 1);
                    case "signed":
                        return Find(parts[0], subtype, depth + 1);
                    case "encrypted":
                        return null;
                    default:
                        foreach (var child in parts)
                        {
                            if (Find(child, subtype, depth + 1) is { } found)
                            {
                                return found;
                            }
                        }

                        return null;
                }

            default:
                return null;
        }
    }

    private static MimeEntity FindRelatedRoot(Multipart related)
    {
        // RFC 2387: the "start" parameter names the root by Content-ID; otherwise it is the first part. Senders that put an
        // image first and name the root only by the "type" parameter (type="text/html") get the first part of that type.
        var parts = related.Parts;
        if (related.ContentType.GetParameter("start") is { } start)
        {
            var id = start.Trim().Trim('<', '>');
            foreach (var part in parts)
            {
                if (string.Equals(part.ContentId, id, StringComparison.Ordinal))
                {
                    return part;
                }
            }
        }

        var first = parts[0];
        if (first.ContentType.IsText || first.ContentType.IsMultipart)
        {
            return first;
        }

        if (related.ContentType.GetParameter("type") is { } type)
        {
            type = type.Trim();
            foreach (var part in parts)
            {
                if (string.Equals(part.ContentType.MimeType, type, StringComparison.OrdinalIgnoreCase))
                {
                    return part;
                }
            }
        }

        // No usable hint: the first part that can hold the text, else the first part.
        foreach (var part in parts)
        {
            if ((part.ContentType.IsText || part.ContentType.IsMultipart) && part is not MimePart { IsAttachment: true })
            {
                return part;
            }
        }

        return first;
    }
}
