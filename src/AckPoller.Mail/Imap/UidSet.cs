using System.Globalization;
using System.Text;

namespace AckPoller.Mail.Imap;

/// <summary>An IMAP UID set (RFC 3501 sequence-set of UIDs), e.g. "1:*" or "3,5:9". Immutable.
/// "*" means the highest UID in the mailbox.</summary>
public sealed class UidSet
{
    /// <summary>Stands for "*" in a range bound. 0 is never a valid UID.</summary>
    private const uint Star = 0;

    private readonly (uint Start, uint End)[] _ranges;

    private UidSet((uint Start, uint End)[] ranges) => _ranges = ranges;

    /// <summary>Every message: "1:*".</summary>
    public static UidSet All { get; } = new([(1, Star)]);

    /// <summary>The ranges in order; an <c>End</c> (or <c>Start</c>) of null stands for "*".</summary>
    public IReadOnlyList<(uint Start, uint? End)> Ranges =>
        _ranges.Select(r => (r.Start, r.End == Star ? (uint?)null : r.End)).ToArray();

    /// <summary>One UID.</summary>
    public static UidSet Single(uint uid)
    {
        ArgumentOutOfRangeException.ThrowIfZero(uid);
        return new([(uid, uid)]);
    }

    /// <summary>first:last, or first:* when <paramref name="last"/> is null.</summary>
    public static UidSet Range(uint first, uint? last = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(first);
        if (last == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(last), "0 is not a UID.");
        }

        return new([(first, last ?? Star)]);
    }

    /// <summary>The given UIDs, sorted, de-duplicated and compressed into ranges ("3,5:9").</summary>
    public static UidSet FromUids(IEnumerable<uint> uids)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var sorted = uids.ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("A UID set needs at least one UID.", nameof(uids));
        }

        Array.Sort(sorted);
        if (sorted[0] == 0)
        {
            throw new ArgumentException("0 is not a UID.", nameof(uids));
        }

        var ranges = new List<(uint, uint)>();
        var start = sorted[0];
        var end = start;
        for (var i = 1; i < sorted.Length; i++)
        {
            var uid = sorted[i];
            if (uid == end || uid == end + 1)
            {
                end = uid;
                continue;
            }

            ranges.Add((start, end));
            start = end = uid;
        }

        ranges.Add((start, end));
        return new([.. ranges]);
    }

    /// <summary>Parses "1:*", "3,5:9", "*". Throws <see cref="FormatException"/> on anything else.</summary>
    public static UidSet Parse(string text) =>
        TryParse(text, out var set) ? set : throw new FormatException($"'{text}' is not an IMAP UID set (e.g. 1:* or 3,5:9).");

    public static bool TryParse(string? text, out UidSet set)
    {
        set = All;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var parts = text.Split(',');
        var ranges = new (uint, uint)[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                if (!TryParseBound(part, out var single))
                {
                    return false;
                }

                ranges[i] = (single, single);
                continue;
            }

            if (!TryParseBound(part[..colon], out var first) || !TryParseBound(part[(colon + 1)..], out var last))
            {
                return false;
            }

            ranges[i] = (first, last);
        }

        set = new UidSet(ranges);
        return true;
    }

    /// <summary>True when <paramref name="uid"/> lies in the set; "*" is taken as unbounded.</summary>
    public bool Contains(uint uid)
    {
        foreach (var (start, end) in _ranges)
        {
            var a = start == Star ? uint.MaxValue : start;
            var b = end == Star ? uint.MaxValue : end;
            if (uid >= Math.Min(a, b) && uid <= Math.Max(a, b))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>At most how many messages of a mailbox holding <paramref name="messageCount"/> the set can name
    /// (a size hint for results, not a promise).</summary>
    internal uint MaxMessages(uint messageCount)
    {
        ulong total = 0;
        foreach (var (start, end) in _ranges)
        {
            total += start == Star || end == Star ? messageCount : (ulong)Math.Max(start, end) - Math.Min(start, end) + 1;
            if (total >= messageCount)
            {
                return messageCount;
            }
        }

        return (uint)total;
    }

    /// <summary>The wire form, e.g. "3,5:9" or "1:*".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (start, end) in _ranges)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            AppendBound(text, start);
            if (end != start)
            {
                text.Append(':');
                AppendBound(text, end);
            }
        }

        return text.ToString();
    }

    private static void AppendBound(StringBuilder text, uint bound)
    {
        if (bound == Star)
        {
            text.Append('*');
        }
        else
        {
            text.Append(bound.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static bool TryParseBound(string text, out uint value)
    {
        if (text == "*")
        {
            value = Star;
            return true;
        }

        // nz-number: no sign, no leading zero, fits in 32 bits.
        value = 0;
        return text.Length > 0 && text[0] is >= '1' and <= '9' && text.All(char.IsAsciiDigit)
            && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
