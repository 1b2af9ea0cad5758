using System.Text;

namespace AckPoller.Mail.Tests.Mutation;

/// <summary>A small deterministic mutator for server responses: the same seed always gives the same bytes (System.Random
/// with a seed is stable across runs). Each case applies one to three mutations to a valid transcript: byte flips,
/// truncation, duplicated and deleted lines, NUL bytes, literals announced larger than sent, unterminated lines, 10 MB
/// lines, invalid UTF-8, lists nested 10,000 deep, huge numbers, bare CR/LF. Shares nothing with the MIME mutator.</summary>
internal static class ProtocolMutator
{
    public const int HugeLineBytes = 10 * 1024 * 1024;

    private static readonly byte[][] InvalidUtf8 = [[0xC3, 0x28], [0xFF], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0xAF]];

    private static readonly string[] Tokens =
        ["(", ")", "{", "}", "[", "]", "\"", "\\", "*", "+", " ", "NIL", "{0}", "{4294967296}", "{99999999}", "BODY[]", "UID", "-ERR", "+OK", ".", "250-", "354 ", "* BYE x", "A001 OK", "~{5}"];

    /// <summary>The mutated server bytes for <paramref name="seed"/>, built from one of the <paramref name="bases"/>.</summary>
    public static byte[] Mutate(int seed, IReadOnlyList<byte[]> bases, out string applied)
    {
        var random = new Random(seed);
        var data = new List<byte>(bases[random.Next(bases.Count)]);
        var count = 1 + random.Next(3);
        var names = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            names.Add(MutateOnce(random, data));
        }

        applied = string.Join(", ", names);
        return [.. data];
    }

    private static string MutateOnce(Random random, List<byte> data)
    {
        // Rare, expensive shapes first, so that most cases stay small and fast.
        var roll = random.Next(1000);
        if (roll < 3)
        {
            data.InsertRange(random.Next(data.Count + 1), Repeat((byte)'a', HugeLineBytes));
            return "10 MB line";
        }

        if (roll < 15)
        {
            var depth = 10_000;
            var at = random.Next(data.Count + 1);
            var nested = Repeat((byte)'(', depth);
            if (random.Next(2) == 0)
            {
                nested = [.. nested, .. Repeat((byte)')', depth)];
            }

            data.InsertRange(at, nested);
            return "lists nested 10,000 deep";
        }

        switch (random.Next(12))
        {
            case 0:
                if (data.Count > 0)
                {
                    data[random.Next(data.Count)] = (byte)random.Next(256);
                }

                return "byte flip";
            case 1:
                if (data.Count > 0)
                {
                    var cut = random.Next(data.Count);
                    data.RemoveRange(cut, data.Count - cut);
                }

                return "truncation";
            case 2:
                {
                    var (start, end) = RandomLine(random, data);
                    data.InsertRange(end, data.GetRange(start, end - start));
                    return "duplicated line";
                }

            case 3:
                {
                    var (start, end) = RandomLine(random, data);
                    data.RemoveRange(start, end - start);
                    return "deleted line";
                }

            case 4:
                data.Insert(random.Next(data.Count + 1), 0);
                return "NUL byte";
            case 5:
                return EnlargeLiteral(random, data);
            case 6:
                {
                    var (_, end) = RandomLine(random, data);
                    if (end >= 2 && data[end - 1] == '\n' && data[end - 2] == '\r')
                    {
                        data.RemoveRange(end - 2, 2);
                    }

                    return "unterminated line";
                }

            case 7:
                data.InsertRange(random.Next(data.Count + 1), InvalidUtf8[random.Next(InvalidUtf8.Length)]);
                return "invalid UTF-8";
            case 8:
                return ReplaceNumber(random, data);
            case 9:
                data.Insert(random.Next(data.Count + 1), random.Next(2) == 0 ? (byte)'\r' : (byte)'\n');
                return "bare CR or LF";
            case 10:
                data.InsertRange(random.Next(data.Count + 1), Encoding.ASCII.GetBytes(Tokens[random.Next(Tokens.Length)]));
                return "protocol token";
            default:
                {
                    var (start, _) = RandomLine(random, data);
                    var (otherStart, otherEnd) = RandomLine(random, data);
                    data.InsertRange(start, data.GetRange(otherStart, otherEnd - otherStart));
                    return "copied line";
                }
        }
    }

    private static (int Start, int End) RandomLine(Random random, List<byte> data)
    {
        if (data.Count == 0)
        {
            return (0, 0);
        }

        var at = random.Next(data.Count);
        var start = at;
        while (start > 0 && data[start - 1] != '\n')
        {
            start--;
        }

        var end = at;
        while (end < data.Count && data[end] != '\n')
        {
            end++;
        }

        return (start, Math.Min(data.Count, end + 1));
    }

    private static string EnlargeLiteral(Random random, List<byte> data)
    {
        var opens = new List<int>();
        for (var i = 0; i < data.Count; i++)
        {
            if (data[i] == '{')
            {
                opens.Add(i);
            }
        }

        if (opens.Count == 0)
        {
            return ReplaceNumber(random, data);
        }

        var open = opens[random.Next(opens.Count)];
        var close = data.IndexOf((byte)'}', open);
        if (close < 0)
        {
            return "literal (none closed)";
        }

        var text = Encoding.ASCII.GetString([.. data.GetRange(open + 1, close - open - 1)]);
        var announced = long.TryParse(text, out var n) ? n : 0;
        var larger = random.Next(3) switch
        {
            0 => announced + 1 + random.Next(16),
            1 => announced + 1 + random.Next(1_000_000),
            _ => 4_294_967_296L + random.Next(1000),
        };
        data.RemoveRange(open + 1, close - open - 1);
        data.InsertRange(open + 1, Encoding.ASCII.GetBytes(larger.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return "literal announced larger than sent";
    }

    private static string ReplaceNumber(Random random, List<byte> data)
    {
        var digits = new List<int>();
        for (var i = 0; i < data.Count; i++)
        {
            if (data[i] is >= (byte)'0' and <= (byte)'9')
            {
                digits.Add(i);
            }
        }

        if (digits.Count == 0)
        {
            return "number (none)";
        }

        var at = digits[random.Next(digits.Count)];
        var replacement = random.Next(3) switch
        {
            0 => "99999999999999999999999",
            1 => "4294967296",
            _ => "-1",
        };
        data.RemoveAt(at);
        data.InsertRange(at, Encoding.ASCII.GetBytes(replacement));
        return "huge number";
    }

    private static byte[] Repeat(byte value, int count)
    {
        var bytes = new byte[count];
        Array.Fill(bytes, value);
        return bytes;
    }
}
