using System.Text;

namespace AckPoller.Mail.Imap.Protocol;

/// <summary>Returns shared strings for the common flags so FETCH FLAGS does not allocate a string per flag.</summary>
internal static class ImapFlagNames
{
    public const string Seen = @"\Seen";
    public const string Answered = @"\Answered";
    public const string Flagged = @"\Flagged";
    public const string Deleted = @"\Deleted";
    public const string Draft = @"\Draft";
    public const string Recent = @"\Recent";
    public const string Any = @"\*";

    public static string Get(ReadOnlySpan<byte> flag)
    {
        if (flag.Length > 1 && flag[0] == '\\')
        {
            var name = flag[1..];
            if (Ascii.EqualsIgnoreCase(name, "Seen"u8))
            {
                return Seen;
            }

            if (Ascii.EqualsIgnoreCase(name, "Answered"u8))
            {
                return Answered;
            }

            if (Ascii.EqualsIgnoreCase(name, "Flagged"u8))
            {
                return Flagged;
            }

            if (Ascii.EqualsIgnoreCase(name, "Deleted"u8))
            {
                return Deleted;
            }

            if (Ascii.EqualsIgnoreCase(name, "Draft"u8))
            {
                return Draft;
            }

            if (Ascii.EqualsIgnoreCase(name, "Recent"u8))
            {
                return Recent;
            }

            if (name.SequenceEqual("*"u8))
            {
                return Any;
            }
        }

        return Encoding.ASCII.GetString(flag);
    }
}
