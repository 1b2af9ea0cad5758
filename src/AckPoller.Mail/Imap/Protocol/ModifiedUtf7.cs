using System.Text;

namespace AckPoller.Mail.Imap.Protocol;

/// <summary>IMAP's modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable ASCII as is, "&amp;" as "&amp;-",
/// everything else as UTF-16BE in base64 with "," for "/", between "&amp;" and "-".</summary>
internal static class ModifiedUtf7
{
    public static string Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NeedsEncoding(name))
        {
            return name;
        }

        var result = new StringBuilder(name.Length * 2);
        var run = new StringBuilder();
        foreach (var c in name)
        {
            if (c is >= ' ' and <= '~')
            {
                Flush(result, run);
                result.Append(c == '&' ? "&-" : c.ToString());
            }
            else
            {
                run.Append(c);
            }
        }

        Flush(result, run);
        return result.ToString();
    }

    /// <summary>Decodes a mailbox name; a name that is not valid modified UTF-7 is returned as the server sent it.</summary>
    public static string Decode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.Contains('&', StringComparison.Ordinal))
        {
            return name;
        }

        var result = new StringBuilder(name.Length);
        var i = 0;
        while (i < name.Length)
        {
            var c = name[i];
            if (c != '&')
            {
                result.Append(c);
                i++;
                continue;
            }

            var end = name.IndexOf('-', i + 1);
            if (end < 0)
            {
                return name;
            }

            if (end == i + 1)
            {
                result.Append('&');
            }
            else if (!TryDecodeRun(name.AsSpan(i + 1, end - i - 1), result))
            {
                return name;
            }

            i = end + 1;
        }

        return result.ToString();
    }

    private static bool NeedsEncoding(string name)
    {
        foreach (var c in name)
        {
            if (c is < ' ' or > '~' or '&')
            {
                return true;
            }
        }

        return false;
    }

    private static void Flush(StringBuilder result, StringBuilder run)
    {
        if (run.Length == 0)
        {
            return;
        }

        var bytes = Encoding.BigEndianUnicode.GetBytes(run.ToString());
        result.Append('&').Append(Convert.ToBase64String(bytes).TrimEnd('=').Replace('/', ',')).Append('-');
        run.Clear();
    }

    private static bool TryDecodeRun(ReadOnlySpan<char> run, StringBuilder result)
    {
        var base64 = new StringBuilder(run.Length + 3);
        foreach (var c in run)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or ','))
            {
                return false;
            }

            base64.Append(c == ',' ? '/' : c);
        }

        while (base64.Length % 4 != 0)
        {
            base64.Append('=');
        }

        try
        {
            var bytes = Convert.FromBase64String(base64.ToString());
            if (bytes.Length % 2 != 0)
            {
                return false;
            }

            result.Append(Encoding.BigEndianUnicode.GetString(bytes));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
