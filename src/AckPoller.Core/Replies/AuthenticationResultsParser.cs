using System.Text;

namespace AckPoller.Core.Replies;

/// <summary>Parses an Authentication-Results header value (RFC 8601 section 2.2): authserv-id, optional version, then
/// "; method[/version]=result [reason=value] [ptype.property=value …]" entries or "; none". Comments (nested, with quoted
/// pairs) and folding whitespace are skipped wherever CFWS is allowed; values may be quoted strings. Malformed entries are
/// skipped up to the next ";", never thrown over.</summary>
public static class AuthenticationResultsParser
{
    public const int MaxLength = 16 * 1024;
    public const int MaxResults = 64;

    public static AuthenticationResults? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength)
        {
            return null;
        }

        var reader = new Reader(value);
        reader.SkipCfws();
        var authServId = reader.ReadValue();
        if (authServId.Length == 0)
        {
            return null;
        }

        reader.SkipCfws();
        if (reader.PeekDigitsThenBreak())
        {
            reader.ReadWord();
        }

        var results = new List<AuthenticationMethodResult>();
        while (results.Count < MaxResults)
        {
            reader.SkipCfws();
            if (reader.AtEnd)
            {
                break;
            }

            if (!reader.TryTake(';'))
            {
                reader.SkipPast(';');
                continue;
            }

            if (ReadResult(reader) is { } result)
            {
                results.Add(result);
            }
            else
            {
                reader.SkipTo(';');
            }
        }

        return new AuthenticationResults(authServId, results);
    }

    private static AuthenticationMethodResult? ReadResult(Reader reader)
    {
        reader.SkipCfws();
        var method = reader.ReadWord().ToLowerInvariant();
        reader.SkipCfws();
        if (reader.TryTake('/'))
        {
            reader.SkipCfws();
            reader.ReadWord();
            reader.SkipCfws();
        }

        if (method.Length == 0 || !reader.TryTake('='))
        {
            return null;
        }

        reader.SkipCfws();
        var result = reader.ReadWord().ToLowerInvariant();
        if (result.Length == 0)
        {
            return null;
        }

        string? reason = null;
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            reader.SkipCfws();
            if (reader.AtEnd || reader.Peek == ';')
            {
                break;
            }

            var name = reader.ReadWord().ToLowerInvariant();
            reader.SkipCfws();
            if (name.Length == 0 || !reader.TryTake('='))
            {
                return null;
            }

            reader.SkipCfws();
            var propertyValue = reader.ReadValue();
            if (name == "reason")
            {
                reason = propertyValue;
            }
            else
            {
                properties.TryAdd(name, propertyValue);
            }
        }

        return new AuthenticationMethodResult(method, result, reason, properties);
    }

    private sealed class Reader(string text)
    {
        private int pos;

        public bool AtEnd => pos >= text.Length;

        public char Peek => text[pos];

        public bool TryTake(char c)
        {
            if (!AtEnd && text[pos] == c)
            {
                pos++;
                return true;
            }

            return false;
        }

        public void SkipCfws()
        {
            while (!AtEnd)
            {
                if (char.IsWhiteSpace(text[pos]))
                {
                    pos++;
                }
                else if (text[pos] == '(')
                {
                    SkipComment();
                }
                else
                {
                    return;
                }
            }
        }

        /// <summary>A method, result or property name: up to whitespace, a comment, "=", "/" or ";".</summary>
        public string ReadWord()
        {
            var start = pos;
            while (!AtEnd && !char.IsWhiteSpace(text[pos]) && text[pos] is not ('(' or ';' or '=' or '/' or '"'))
            {
                pos++;
            }

            return text[start..pos];
        }

        /// <summary>A value: a quoted string, or a token/domain/address up to whitespace, a comment or ";" (base64 "=" included).</summary>
        public string ReadValue()
        {
            if (!AtEnd && text[pos] == '"')
            {
                return ReadQuoted();
            }

            var start = pos;
            while (!AtEnd && !char.IsWhiteSpace(text[pos]) && text[pos] is not ('(' or ';'))
            {
                pos++;
            }

            return text[start..pos];
        }

        public bool PeekDigitsThenBreak()
        {
            var i = pos;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            return i > pos && (i == text.Length || char.IsWhiteSpace(text[i]) || text[i] is ';' or '(');
        }

        public void SkipTo(char c)
        {
            while (!AtEnd && text[pos] != c)
            {
                if (text[pos] == '"')
                {
                    ReadQuoted();
                }
                else if (text[pos] == '(')
                {
                    SkipComment();
                }
                else
                {
                    pos++;
                }
            }
        }

        public void SkipPast(char c)
        {
            SkipTo(c);
            TryTake(c);
        }

        private string ReadQuoted()
        {
            var builder = new StringBuilder();
            pos++;
            while (!AtEnd && text[pos] != '"')
            {
                if (text[pos] == '\\' && pos + 1 < text.Length)
                {
                    pos++;
                }

                builder.Append(text[pos]);
                pos++;
            }

            TryTake('"');
            return builder.ToString();
        }

        private void SkipComment()
        {
            var depth = 0;
            while (!AtEnd)
            {
                var c = text[pos];
                if (c == '\\' && pos + 1 < text.Length)
                {
                    pos += 2;
                    continue;
                }

                pos++;
                if (c == '(')
                {
                    depth++;
                }
                else if (c == ')' && --depth == 0)
                {
                    return;
                }
            }
        }
    }
}
