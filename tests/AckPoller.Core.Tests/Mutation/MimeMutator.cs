using System.Text;

namespace AckPoller.Core.Tests.Mutation;

/// <summary>A small deterministic mutator for MIME messages (no fuzzing package is served). Case <c>n</c> of a run with seed
/// <c>s</c> is always the same bytes: its own <see cref="Random"/> is seeded from (s, n), so any failing case can be replayed
/// alone. Each case applies one to three operators to a seed message.</summary>
internal sealed class MimeMutator(IReadOnlyList<byte[]> seeds, int seed)
{
    private static readonly string[] Charsets =
    [
        "utf-7", "UTF-7", "utf-16", "utf-16le", "utf-32be", "iso-2022-jp", "hz-gb-2312", "x-unknown", "cp99999", "", "\"", "utf-8",
        "windows-1252", "koi8-r", "gb18030", "big5", "ks_c_5601-1987", "x-mac-japanese", "ibm037", "unicode-1-1-utf-7", "us-ascii",
        new string('x', 5000), "utf-8*en", "=?utf-8?q?x?=", "iso-8859-8-i", "csUnicode11UTF7",
    ];

    /// <summary>Mutated messages stay below the parser's 64 MB refusal limit (that limit has its own tests).</summary>
    private const int MaxCaseBytes = 4 * 1024 * 1024;

    private const string Specials = "\r\n:;=\"<>-\0 \t?";

    private static readonly string[] Encodings = ["base64", "quoted-printable", "7bit", "8bit", "binary", "x-uuencode", "BASE64", "", "quoted-printable; junk"];

    private static readonly string[] Types =
    [
        "multipart/mixed", "multipart/alternative", "multipart/related", "multipart/signed", "multipart/digest", "multipart/report",
        "message/rfc822", "message/global", "text/html", "text/plain", "text", "application/octet-stream", "/", "multipart/",
        "message/delivery-status", "text/rfc822-headers", "multipart/encrypted",
    ];

    private static readonly string[] Junk =
    [
        "=?utf-8?B?@@@@?=", "=?utf-7?Q?+AOk-+ZeVn-?=", "=?x?q?", "=?utf-8?Q?=C3?=", "=?utf-16?B?2D3eAA==?=", "\0", "\r", "\n", "\r\r\n",
        "\xC3\x28", "\xF0\x9F", "\xED\xA0\x80", "--", "----", "<", ">", "(((((", "\"", "\\", ":", ";", "=", "%", "'", "&#x0;", "<html><blockquote>",
        "-----Original Message-----", "On Mon, Jan 1, 2026 at 10:00 AM x wrote:", "> ", "ack", "resolve", "snooze 99999999999h", "note ",
    ];

    public byte[] Case(int index, out string description)
    {
        // Not HashCode.Combine: it is randomised per process, and a case must be the same bytes in every run.
        var random = new Random(unchecked((seed * 1_000_003) + index) & int.MaxValue);
        var bytes = seeds[random.Next(seeds.Count)];
        var operators = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            var op = random.Next(14);
            operators.Add(op.ToString(System.Globalization.CultureInfo.InvariantCulture));
            bytes = op switch
            {
                0 => FlipBytes(bytes, random),
                1 => Truncate(bytes, random),
                2 => DuplicateLines(bytes, random),
                3 => DeleteLines(bytes, random),
                4 => GiantHeader(bytes, random),
                5 => Nest(bytes, random),
                6 => RandomBoundaries(bytes, random),
                7 => RandomCharsets(bytes, random),
                8 => InvalidEncodings(bytes, random),
                9 => InsertJunk(bytes, random),
                10 => RandomTypes(bytes, random),
                11 => LineEnds(bytes, random),
                12 => Splice(bytes, seeds[random.Next(seeds.Count)], random),
                _ => ManyParts(bytes, random),
            };
        }

        description = "ops " + string.Join(',', operators);
        return bytes.Length <= MaxCaseBytes ? bytes : bytes[..MaxCaseBytes];
    }

    private static byte[] FlipBytes(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        var flips = 1 + random.Next(20);
        for (var i = 0; i < flips && copy.Length > 0; i++)
        {
            var at = random.Next(copy.Length);
            copy[at] = random.Next(3) switch
            {
                0 => (byte)(copy[at] ^ (1 << random.Next(8))),
                1 => (byte)random.Next(256),
                _ => (byte)Specials[random.Next(Specials.Length)],
            };
        }

        return copy;
    }

    private static byte[] Truncate(byte[] bytes, Random random) => bytes.Length == 0 ? bytes : bytes[..random.Next(bytes.Length)];

    private static byte[] DuplicateLines(byte[] bytes, Random random)
    {
        var lines = Lines(bytes);
        if (lines.Count == 0)
        {
            return bytes;
        }

        var at = random.Next(lines.Count);
        var times = random.Next(8) == 0 && lines[at].Length < 1000 ? 1 + random.Next(2000) : 1 + random.Next(5);
        lines.InsertRange(at, Enumerable.Repeat(lines[at], times));
        return Join(lines);
    }

    private static byte[] DeleteLines(byte[] bytes, Random random)
    {
        var lines = Lines(bytes);
        var deletions = 1 + random.Next(5);
        for (var i = 0; i < deletions && lines.Count > 0; i++)
        {
            lines.RemoveAt(random.Next(lines.Count));
        }

        return Join(lines);
    }

    private static byte[] GiantHeader(byte[] bytes, Random random)
    {
        var size = random.Next(16) == 0 ? 256 * 1024 + random.Next(800 * 1024) : 1000 + random.Next(32 * 1024);
        var unit = random.Next(8) switch
        {
            0 => "a",
            1 => "x@y.test, ",
            2 => "; p=v",
            3 => " =?utf-8?q?a?=",
            4 => "(",
            5 => "<id@x> ",
            6 => "\"\\",
            _ => "a\r\n ",
        };
        var name = new[] { "Subject", "From", "To", "Content-Type", "References", "Date", "Content-Disposition", "X-Long" }[random.Next(8)];
        var value = new StringBuilder(size + unit.Length);
        while (value.Length < size)
        {
            value.Append(unit);
        }

        var header = Encoding.Latin1.GetBytes($"{name}: {(name == "Content-Type" ? "text/plain" : string.Empty)}{value}\r\n");
        return [.. header, .. bytes];
    }

    private static byte[] Nest(byte[] bytes, Random random)
    {
        var depth = 1 + random.Next(random.Next(6) == 0 ? 400 : 20);
        var builder = new StringBuilder();
        var asMessage = random.Next(2) == 0;
        for (var i = 0; i < depth; i++)
        {
            builder.Append(asMessage && i % 2 == 1
                ? "Content-Type: message/rfc822\r\n\r\n"
                : $"Content-Type: multipart/mixed; boundary=\"n{i}\"\r\n\r\n--n{i}\r\n");
        }

        var tail = new StringBuilder();
        for (var i = depth - 1; i >= 0; i--)
        {
            if (!(asMessage && i % 2 == 1))
            {
                tail.Append(CultureInfo($"\r\n--n{i}--\r\n"));
            }
        }

        return [.. Encoding.ASCII.GetBytes(builder.ToString()), .. bytes, .. Encoding.ASCII.GetBytes(tail.ToString())];
    }

    private static byte[] RandomBoundaries(byte[] bytes, Random random)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var replacement = random.Next(7) switch
        {
            0 => "",
            1 => " ",
            2 => new string('-', 1 + random.Next(100)),
            3 => new string('b', 1000 + random.Next(5000)),
            4 => "\"\"",
            5 => "a\"b",
            _ => ((char)random.Next(33, 127)).ToString(),
        };
        var at = text.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return Encoding.Latin1.GetBytes($"Content-Type: multipart/mixed; boundary={replacement}\r\n") is var header ? [.. header, .. bytes] : bytes;
        }

        var end = text.IndexOfAny([';', '\r', '\n'], at);
        return Encoding.Latin1.GetBytes(text[..(at + 9)] + replacement + (end < 0 ? string.Empty : text[end..]));
    }

    private static byte[] RandomCharsets(byte[] bytes, Random random)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var builder = new StringBuilder(text.Length);
        var pos = 0;
        while (true)
        {
            var at = text.IndexOf("charset=", pos, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                builder.Append(text, pos, text.Length - pos);
                break;
            }

            var end = text.IndexOfAny([';', '\r', '\n', ' '], at);
            end = end < 0 ? text.Length : end;
            builder.Append(text, pos, at + 8 - pos).Append(Charsets[random.Next(Charsets.Length)]);
            pos = end;
        }

        // And encoded words in the same charsets.
        builder.Insert(0, $"Subject: =?{Charsets[random.Next(Charsets.Length)]}?{(random.Next(2) == 0 ? 'B' : 'Q')}?{Junk[random.Next(Junk.Length)]}K0FPay0=?=\r\n");
        return Encoding.Latin1.GetBytes(builder.ToString());
    }

    private static byte[] InvalidEncodings(byte[] bytes, Random random)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var encoding = Encodings[random.Next(Encodings.Length)];
        var at = text.IndexOf("Content-Transfer-Encoding:", StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            var end = text.IndexOf('\n', at);
            text = text[..at] + "Content-Transfer-Encoding: " + encoding + "\r" + (end < 0 ? "\n" : text[end..]);
        }
        else
        {
            text = "Content-Transfer-Encoding: " + encoding + "\r\n" + text;
        }

        var body = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var insertAt = body < 0 ? text.Length : body + 4 + random.Next(Math.Max(1, text.Length - body - 4));
        var junk = random.Next(4) switch
        {
            0 => "=ZZ=\r\n=4=\r\n=",
            1 => "!!!!====@@@@\u00ff\u00fe",
            2 => "=?utf-8?B?=?= =C3=",
            _ => "\u00c3\u0028\u00a0\u00ed\u00a0\u0080",
        };
        return Encoding.Latin1.GetBytes(text.Insert(Math.Min(insertAt, text.Length), junk));
    }

    private static byte[] InsertJunk(byte[] bytes, Random random)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var inserts = 1 + random.Next(10);
        for (var i = 0; i < inserts; i++)
        {
            text = text.Insert(random.Next(text.Length + 1), Junk[random.Next(Junk.Length)]);
        }

        return Encoding.Latin1.GetBytes(text);
    }

    private static byte[] RandomTypes(byte[] bytes, Random random)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var at = text.IndexOf("Content-Type:", random.Next(Math.Max(1, text.Length / 2)), StringComparison.OrdinalIgnoreCase);
        at = at < 0 ? text.IndexOf("Content-Type:", StringComparison.OrdinalIgnoreCase) : at;
        var type = Types[random.Next(Types.Length)];
        if (at < 0)
        {
            return Encoding.Latin1.GetBytes($"Content-Type: {type}\r\n{text}");
        }

        var end = text.IndexOfAny([';', '\r', '\n'], at);
        return Encoding.Latin1.GetBytes(text[..(at + 13)] + " " + type + (end < 0 ? string.Empty : text[end..]));
    }

    private static byte[] LineEnds(byte[] bytes, Random random)
    {
        var text = Encoding.Latin1.GetString(bytes);
        return Encoding.Latin1.GetBytes(random.Next(3) switch
        {
            0 => text.Replace("\r\n", "\n", StringComparison.Ordinal),
            1 => text.Replace("\r\n", "\r", StringComparison.Ordinal),
            _ => text.Replace("\n", "\r\n", StringComparison.Ordinal),
        });
    }

    private static byte[] Splice(byte[] first, byte[] second, Random random) =>
        [.. first.AsSpan(0, random.Next(first.Length + 1)), .. second.AsSpan(random.Next(second.Length + 1))];

    private static byte[] ManyParts(byte[] bytes, Random random)
    {
        var parts = 1 + random.Next(random.Next(16) == 0 ? 12_000 : 200);
        var builder = new StringBuilder("Content-Type: multipart/mixed; boundary=m\r\n\r\n");
        for (var i = 0; i < parts; i++)
        {
            builder.Append("--m\r\n");
            if (i % 3 == 0)
            {
                builder.Append("Content-Type: text/plain; charset=utf-7\r\n\r\n+AOk-\r\n");
            }
            else if (i % 3 == 1)
            {
                builder.Append("Content-Disposition: attachment; filename*0*=utf-8''%E2%82; filename*1*=%AC\r\n\r\nx\r\n");
            }
        }

        return [.. Encoding.ASCII.GetBytes(builder.ToString()), .. bytes];
    }

    private static List<byte[]> Lines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            lines.Add(bytes[start..]);
        }

        return lines;
    }

    private static byte[] Join(List<byte[]> lines)
    {
        var result = new byte[lines.Sum(l => l.Length)];
        var offset = 0;
        foreach (var line in lines)
        {
            line.CopyTo(result, offset);
            offset += line.Length;
        }

        return result;
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);
}
