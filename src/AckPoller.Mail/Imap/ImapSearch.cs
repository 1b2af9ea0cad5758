using AckPoller.Mail.Imap.Commands;
using AckPoller.Mail.Imap.Protocol;

namespace AckPoller.Mail.Imap;

/// <summary>Typed SEARCH criteria (RFC 3501 §6.4.4). Several criteria together mean AND:
/// <c>ImapSearch.Unseen.And(ImapSearch.Since(date))</c>. Strings are quoted or sent as literals as needed;
/// non-ASCII text makes the search use CHARSET UTF-8.</summary>
public sealed class ImapSearch
{
    private readonly Action<ImapCommandBuilder> _write;
    private readonly string _description;

    // The parts of an AND, so that nested ANDs flatten into one parenthesized list.
    private readonly ImapSearch[]? _conjunction;

    private ImapSearch(string description, bool hasNonAscii, Action<ImapCommandBuilder> write, ImapSearch[]? conjunction = null)
    {
        _description = description;
        HasNonAscii = hasNonAscii;
        _write = write;
        _conjunction = conjunction;
    }

    public static ImapSearch All { get; } = Key("ALL");

    public static ImapSearch Unseen { get; } = Key("UNSEEN");

    public static ImapSearch Seen { get; } = Key("SEEN");

    public static ImapSearch Flagged { get; } = Key("FLAGGED");

    public static ImapSearch Answered { get; } = Key("ANSWERED");

    public static ImapSearch Deleted { get; } = Key("DELETED");

    public static ImapSearch Undeleted { get; } = Key("UNDELETED");

    internal bool HasNonAscii { get; }

    /// <summary>Messages whose UID is in <paramref name="uids"/>.</summary>
    public static ImapSearch Uids(UidSet uids)
    {
        ArgumentNullException.ThrowIfNull(uids);
        return new($"UID {uids}", false, b => b.Raw("UID "u8).UidSet(uids));
    }

    /// <summary>UIDs first:last, or first:* when <paramref name="last"/> is null.</summary>
    public static ImapSearch UidRange(uint first, uint? last = null) => Uids(UidSet.Range(first, last));

    /// <summary>Internal date (delivery) on or after <paramref name="date"/>.</summary>
    public static ImapSearch Since(DateOnly date) => DateKey("SINCE", date);

    /// <summary>Internal date before <paramref name="date"/>.</summary>
    public static ImapSearch Before(DateOnly date) => DateKey("BEFORE", date);

    /// <summary>Date: header on or after <paramref name="date"/>.</summary>
    public static ImapSearch SentSince(DateOnly date) => DateKey("SENTSINCE", date);

    /// <summary>A header field containing <paramref name="value"/> (an empty value matches any message that has the field).</summary>
    public static ImapSearch Header(string name, string value)
    {
        if (string.IsNullOrEmpty(name) || name.Any(c => c is <= ' ' or >= '\x7f' or ':'))
        {
            throw new ArgumentException($"'{name}' is not a header field name.", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(value);
        return new($"HEADER {name} \"{value}\"", IsNonAscii(value), b => b.Raw("HEADER "u8).AString(name).Space().AString(value));
    }

    public static ImapSearch Subject(string text) => TextKey("SUBJECT", text);

    public static ImapSearch From(string text) => TextKey("FROM", text);

    public static ImapSearch To(string text) => TextKey("TO", text);

    /// <summary>Text anywhere in the body.</summary>
    public static ImapSearch Body(string text) => TextKey("BODY", text);

    /// <summary>Text anywhere in the header or body.</summary>
    public static ImapSearch Text(string text) => TextKey("TEXT", text);

    /// <summary>Messages with the keyword or flag set.</summary>
    public static ImapSearch Keyword(string keyword)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyword);
        return new($"KEYWORD {keyword}", false, b => b.Raw("KEYWORD "u8).Flag(keyword));
    }

    /// <summary>Messages without the keyword.</summary>
    public static ImapSearch Unkeyword(string keyword)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyword);
        return new($"UNKEYWORD {keyword}", false, b => b.Raw("UNKEYWORD "u8).Flag(keyword));
    }

    /// <summary>Messages that match every criterion.</summary>
    public static ImapSearch AllOf(params ImapSearch[] criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.Length == 0)
        {
            return All;
        }

        if (criteria.Length == 1)
        {
            return criteria[0];
        }

        var parts = criteria.SelectMany(c => c._conjunction ?? [c]).ToArray();
        return new(
            "(" + string.Join(" ", parts.Select(p => p._description)) + ")",
            parts.Any(p => p.HasNonAscii),
            b =>
            {
                b.Raw("("u8);
                for (var i = 0; i < parts.Length; i++)
                {
                    if (i > 0)
                    {
                        b.Space();
                    }

                    parts[i].Write(b);
                }

                b.Raw(")"u8);
            },
            parts);
    }

    /// <summary>Messages that match either criterion.</summary>
    public static ImapSearch Or(ImapSearch left, ImapSearch right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new($"OR {left._description} {right._description}", left.HasNonAscii || right.HasNonAscii, b =>
        {
            b.Raw("OR "u8);
            left.Write(b);
            b.Space();
            right.Write(b);
        });
    }

    /// <summary>Messages that do not match.</summary>
    public static ImapSearch Not(ImapSearch criterion)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        return new($"NOT {criterion._description}", criterion.HasNonAscii, b =>
        {
            b.Raw("NOT "u8);
            criterion.Write(b);
        });
    }

    /// <summary>This criterion and <paramref name="other"/>.</summary>
    public ImapSearch And(ImapSearch other) => AllOf(this, other);

    public override string ToString() => _description;

    internal void Write(ImapCommandBuilder builder) => _write(builder);

    private static ImapSearch Key(string key)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(key);
        return new(key, false, b => b.Raw(bytes));
    }

    private static ImapSearch DateKey(string key, DateOnly date)
    {
        var text = ImapDate.FormatSearchDate(date);
        return new($"{key} {text}", false, b => b.Atom(key).Space().Atom(text));
    }

    private static ImapSearch TextKey(string key, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new($"{key} \"{text}\"", IsNonAscii(text), b => b.Atom(key).Space().AString(text));
    }

    private static bool IsNonAscii(string text) => text.Any(c => c > '\x7f');
}
