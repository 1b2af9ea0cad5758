using System.Globalization;
using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>Parses "; name=value" parameter lists (RFC 2045) including RFC 2231 continuations ("name*0", "name*1*") and
/// charset/language-tagged values ("name*=utf-8'en'%E2%82%AC"). Lenient with what mailers send: unquoted values with spaces,
/// RFC 2047 encoded words inside values, stray semicolons, raw UTF-8.</summary>
public static class ParameterListParser
{
    private const int MaxSections = 1000;

    public static IReadOnlyDictionary<string, string> Parse(string text) => Parse(text, 0);

    internal static Dictionary<string, string> Parse(string text, int start)
    {
        var raw = ReadRawParameters(text, start);
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (raw.Count == 0)
        {
            return result;
        }

        Dictionary<string, List<RawParameter>>? extended = null;
        foreach (var parameter in raw)
        {
            var star = parameter.Name.IndexOf('*', StringComparison.Ordinal);
            if (star < 0)
            {
                result.TryAdd(parameter.Name, DecodePlain(parameter.Value));
                continue;
            }

            extended ??= new Dictionary<string, List<RawParameter>>(StringComparer.OrdinalIgnoreCase);
            var baseName = parameter.Name[..star];
            if (!extended.TryGetValue(baseName, out var list))
            {
                extended[baseName] = list = [];
            }

            list.Add(parameter);
        }

        if (extended is not null)
        {
            foreach (var (name, sections) in extended)
            {
                // RFC 2231 values win over the plain fallback that many clients also send.
                result[name] = Combine(sections);
            }
        }

        return result;
    }

    private static List<RawParameter> ReadRawParameters(string text, int start)
    {
        var list = new List<RawParameter>();
        var reader = new StructuredTextReader(text, start);
        while (true)
        {
            reader.SkipCfws();
            if (reader.AtEnd)
            {
                break;
            }

            if (reader.TryConsume(';'))
            {
                continue;
            }

            var name = reader.ReadAtom("=;").ToString();
            reader.SkipCfws();
            if (name.Length == 0 || !reader.TryConsume('='))
            {
                // Junk or a name without a value: skip to the next parameter.
                if (name.Length == 0 && !reader.AtEnd && reader.Current != ';')
                {
                    reader.Position++;
                }

                reader.SkipTo(';');
                continue;
            }

            reader.SkipCfws();
            string value;
            var quoted = false;
            if (!reader.AtEnd && reader.Current == '"')
            {
                value = reader.ReadQuotedString();
                quoted = true;
                reader.SkipTo(';');
            }
            else
            {
                var valueStart = reader.Position;
                reader.SkipTo(';');
                value = StripTrailingComment(reader.Slice(valueStart, reader.Position).Trim()).ToString();
            }

            list.Add(new RawParameter(name.Trim(), value, quoted));
        }

        return list;
    }

    private static ReadOnlySpan<char> StripTrailingComment(ReadOnlySpan<char> value)
    {
        if (value.Length > 0 && value[^1] == ')')
        {
            var open = value.IndexOf(" (", StringComparison.Ordinal);
            if (open > 0)
            {
                return value[..open].TrimEnd();
            }
        }

        return value;
    }

    private static string DecodePlain(string value) =>
        value.Contains("=?", StringComparison.Ordinal) ? EncodedWordDecoder.Decode(value) : value;

    private static string Combine(List<RawParameter> parameters)
    {
        // Sections keyed by number; "name*" alone is section 0 with an encoded value.
        var sections = new SortedDictionary<int, RawParameter>();
        foreach (var parameter in parameters)
        {
            var name = parameter.Name.AsSpan();
            var encoded = name.EndsWith("*");
            if (encoded)
            {
                name = name[..^1];
            }

            var star = name.IndexOf('*');
            var number = star < 0 ? [] : name[(star + 1)..];
            var index = 0;
            if (number.Length > 0 && !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out index))
            {
                continue;
            }

            if (index < MaxSections)
            {
                sections.TryAdd(index, parameter with { IsEncoded = encoded });
            }
        }

        string? charset = null;
        var bytes = new List<byte>();
        var expected = 0;
        foreach (var (index, section) in sections)
        {
            if (index != expected)
            {
                break; // RFC 2231: sections must be consecutive from 0; stop at a gap.
            }

            expected++;
            var value = section.Value.AsSpan();
            if (section.IsEncoded)
            {
                if (index == 0)
                {
                    value = SplitCharset(value, out charset);
                }

                PercentDecode(value, bytes);
            }
            else
            {
                AppendLiteral(value, bytes);
            }
        }

        var array = bytes.ToArray();
        var text = charset is null ? CharsetDecoder.DecodeUndeclared(array) : CharsetDecoder.Decode(array, charset);
        return DecodePlain(text);
    }

    private static ReadOnlySpan<char> SplitCharset(ReadOnlySpan<char> value, out string? charset)
    {
        charset = null;
        var first = value.IndexOf('\'');
        if (first < 0)
        {
            return value;
        }

        var second = value[(first + 1)..].IndexOf('\'');
        if (second < 0)
        {
            return value;
        }

        charset = first > 0 ? value[..first].ToString() : null;
        return value[(first + 1 + second + 1)..];
    }

    private static void PercentDecode(ReadOnlySpan<char> value, List<byte> output)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Hex(value[i + 1]) is var high and >= 0 && Hex(value[i + 2]) is var low and >= 0)
            {
                output.Add((byte)((high << 4) | low));
                i += 2;
            }
            else
            {
                AppendLiteral(value.Slice(i, 1), output);
            }
        }
    }

    private static void AppendLiteral(ReadOnlySpan<char> value, List<byte> output)
    {
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(buffer);
            for (var i = 0; i < length; i++)
            {
                output.Add(buffer[i]);
            }
        }
    }

    private static int Hex(char c) => c <= 0x7F ? QuotedPrintableDecoder.HexValue((byte)c) : -1;

    private readonly record struct RawParameter(string Name, string Value, bool Quoted, bool IsEncoded = false);
}
