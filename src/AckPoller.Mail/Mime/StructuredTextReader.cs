namespace AckPoller.Mail.Mime;

/// <summary>A cursor over unfolded header text with the RFC 5322 lexical pieces structured fields need: CFWS (nested comments,
/// iteratively, unterminated ones run to the end), quoted strings (unterminated ones too), atoms and tokens.</summary>
internal ref struct StructuredTextReader
{
    private readonly ReadOnlySpan<char> text;

    public StructuredTextReader(ReadOnlySpan<char> text, int position = 0)
    {
        this.text = text;
        Position = position;
    }

    public int Position { get; set; }

    public readonly bool AtEnd => Position >= text.Length;

    public readonly char Current => text[Position];

    public readonly ReadOnlySpan<char> Rest => text[Position..];

    public readonly ReadOnlySpan<char> Slice(int start, int end) => text[start..end];

    public bool TryConsume(char c)
    {
        if (Position < text.Length && text[Position] == c)
        {
            Position++;
            return true;
        }

        return false;
    }

    /// <summary>Skips whitespace and comments; returns true when anything was skipped.</summary>
    public bool SkipCfws()
    {
        var start = Position;
        while (Position < text.Length)
        {
            var c = text[Position];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                Position++;
            }
            else if (c == '(')
            {
                SkipComment();
            }
            else
            {
                break;
            }
        }

        return Position > start;
    }

    /// <summary>Reads a comment starting at '(' and returns its content (without the outer parentheses).</summary>
    public ReadOnlySpan<char> SkipComment()
    {
        var start = Position + 1;
        var depth = 0;
        while (Position < text.Length)
        {
            var c = text[Position++];
            if (c == '\\')
            {
                Position++;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                return text[start..(Position - 1)];
            }
        }

        Position = text.Length;
        return start <= text.Length ? text[start..] : [];
    }

    /// <summary>Reads a quoted string starting at '"' and returns its unescaped content.</summary>
    public string ReadQuotedString()
    {
        Position++;
        var start = Position;
        var escaped = false;
        while (Position < text.Length)
        {
            var c = text[Position];
            if (c == '\\')
            {
                escaped = true;
                Position += 2;
                continue;
            }

            if (c == '"')
            {
                var content = text[start..Position];
                Position++;
                return escaped ? Unescape(content) : content.ToString();
            }

            Position++;
        }

        Position = text.Length;
        var rest = text[Math.Min(start, text.Length)..];
        return escaped ? Unescape(rest) : rest.ToString();
    }

    /// <summary>Reads characters until one of the stop characters, whitespace or a comment/quote start.</summary>
    public ReadOnlySpan<char> ReadAtom(ReadOnlySpan<char> stops)
    {
        var start = Position;
        while (Position < text.Length)
        {
            var c = text[Position];
            if (c is ' ' or '\t' or '\r' or '\n' or '(' or '"' || stops.Contains(c))
            {
                break;
            }

            Position++;
        }

        return text[start..Position];
    }

    public void SkipTo(char c)
    {
        var index = text[Position..].IndexOf(c);
        Position = index < 0 ? text.Length : Position + index;
    }

    private static string Unescape(ReadOnlySpan<char> content)
    {
        var chars = new char[content.Length];
        var length = 0;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == '\\' && i + 1 < content.Length)
            {
                i++;
            }

            chars[length++] = content[i];
        }

        return new string(chars, 0, length);
    }
}
