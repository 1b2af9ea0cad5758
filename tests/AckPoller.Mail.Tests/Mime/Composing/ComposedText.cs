using System.Text;

namespace AckPoller.Mail.Tests.Mime.Composing;

/// <summary>Test helpers that read composed output without the parser: lines, unfolded headers and a small RFC 2047
/// decoder used only to check what the encoder wrote.</summary>
internal static class ComposedText
{
    /// <summary>Splits on CRLF, failing if a bare CR or LF or a non-ASCII byte appears anywhere.</summary>
    public static List<string> Lines(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            Assert.True(bytes[i] < 0x80, $"non-ASCII byte 0x{bytes[i]:X2} at {i}");
            if (bytes[i] == '\r')
            {
                Assert.True(i + 1 < bytes.Length && bytes[i + 1] == '\n', $"bare CR at {i}");
            }
            else if (bytes[i] == '\n')
            {
                Assert.True(i > 0 && bytes[i - 1] == '\r', $"bare LF at {i}");
            }
        }

        var text = Encoding.ASCII.GetString(bytes);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return [.. text[..^2].Split("\r\n")];
    }

    public static List<string> HeaderLines(byte[] bytes)
    {
        var lines = Lines(bytes);
        return lines[..lines.IndexOf(string.Empty)];
    }

    /// <summary>Header fields unfolded (CRLF removed before WSP), as (name, raw value) in order.</summary>
    public static List<(string Name, string Value)> Headers(byte[] bytes)
    {
        var fields = new List<(string, string)>();
        foreach (var line in HeaderLines(bytes))
        {
            if (line[0] is ' ' or '\t')
            {
                var (name, value) = fields[^1];
                fields[^1] = (name, value + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Assert.True(colon > 0, $"header line without a colon: {line}");
            fields.Add((line[..colon], line[(colon + 1)..]));
        }

        return fields.Select(f => (f.Item1, f.Item2.TrimStart(' '))).ToList();
    }

    public static string Header(byte[] bytes, string name) =>
        Assert.Single(Headers(bytes), h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Decodes RFC 2047 words (UTF-8 only) in an unfolded value; whitespace between adjacent words is dropped.</summary>
    public static string DecodeWords(string value)
    {
        var builder = new StringBuilder();
        var tokens = value.Split(' ');
        var previousWasEncoded = false;
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var encoded = token.StartsWith("=?UTF-8?", StringComparison.Ordinal) && token.EndsWith("?=", StringComparison.Ordinal);
            if (i > 0 && !(encoded && previousWasEncoded))
            {
                builder.Append(' ');
            }

            builder.Append(encoded ? DecodeWord(token) : token);
            previousWasEncoded = encoded;
        }

        return builder.ToString();
    }

    public static string DecodeWord(string word)
    {
        var mode = word[8];
        var payload = word[10..^2];
        if (mode == 'B')
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(payload));
        }

        var bytes = new List<byte>();
        for (var i = 0; i < payload.Length; i++)
        {
            if (payload[i] == '=')
            {
                bytes.Add(Convert.ToByte(payload.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add(payload[i] == '_' ? (byte)' ' : (byte)payload[i]);
            }
        }

        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
    }

    /// <summary>Quoted-printable decoding for checks (soft breaks removed, =XX decoded).</summary>
    public static byte[] DecodeQuotedPrintable(byte[] encoded)
    {
        var output = new List<byte>();
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] != '=')
            {
                output.Add(encoded[i]);
            }
            else if (encoded[i + 1] == '\r')
            {
                i += 2;
            }
            else
            {
                output.Add(Convert.ToByte(Encoding.ASCII.GetString(encoded, i + 1, 2), 16));
                i += 2;
            }
        }

        return [.. output];
    }
}
