namespace AckPoller.Mail.Mime;

/// <summary>Message identifiers (RFC 5322 §3.6.4) from Message-ID, In-Reply-To, References and Content-ID, without angle
/// brackets. Tolerates missing brackets (a bare word with '@'), comments, quoted phrases and other junk between ids.</summary>
public static class MessageIdParser
{
    private const int MaxIds = 10_000;

    public static IReadOnlyList<string> ParseIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<string>();
        var reader = new StructuredTextReader(text);
        while (ids.Count < MaxIds)
        {
            reader.SkipCfws();
            if (reader.AtEnd)
            {
                break;
            }

            var c = reader.Current;
            if (c == '<')
            {
                reader.Position++;
                var start = reader.Position;
                reader.SkipTo('>');
                AddId(ids, reader.Slice(start, reader.Position));
                reader.TryConsume('>');
            }
            else if (c == '"')
            {
                reader.ReadQuotedString();
            }
            else
            {
                var word = reader.ReadAtom("<,;>");
                if (word.IsEmpty)
                {
                    reader.Position++;
                }
                else if (word.Contains('@'))
                {
                    AddId(ids, word);
                }
            }
        }

        return ids;
    }

    /// <summary>The single id of a Message-ID field; a value without brackets or '@' is returned trimmed rather than lost.</summary>
    public static string? ParseMessageId(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ParseIds(text) is [var id, ..])
        {
            return id;
        }

        var trimmed = text.Trim().Trim('<', '>').Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    private static void AddId(List<string> ids, ReadOnlySpan<char> id)
    {
        Span<char> buffer = id.Length <= 256 ? stackalloc char[id.Length] : new char[id.Length];
        var length = StripCfws(id, buffer, dropComments: true);
        if (length < 0)
        {
            // Unbalanced parentheses are not a comment: keep them, drop only the white space.
            length = StripCfws(id, buffer, dropComments: false);
        }

        if (length > 0)
        {
            ids.Add(new string(buffer[..length]));
        }
    }

    /// <summary>Copies the id without white space and, when asked, without comments: RFC 5322's obsolete syntax allows CFWS
    /// around the parts of an id ("&lt;1234 @ local(blah) .machine .example&gt;" is 1234@local.machine.example). -1 when a
    /// comment is not closed.</summary>
    private static int StripCfws(ReadOnlySpan<char> id, Span<char> buffer, bool dropComments)
    {
        var length = 0;
        var depth = 0;
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (dropComments && depth > 0)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')')
                {
                    depth--;
                }
            }
            else if (dropComments && c == '(')
            {
                depth = 1;
            }
            else if (!char.IsWhiteSpace(c))
            {
                buffer[length++] = c;
            }
        }

        return depth > 0 ? -1 : length;
    }
}
