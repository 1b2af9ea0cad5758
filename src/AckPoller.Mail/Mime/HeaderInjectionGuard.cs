using System.Buffers;

namespace AckPoller.Mail.Mime;

/// <summary>The rules that keep caller-supplied text from ever starting a new header line: header names are checked
/// against RFC 5322 ftext, values lose every control character (CR and LF included) before they are encoded and folded,
/// and message ids must be printable ASCII without brackets or spaces.</summary>
internal static class HeaderInjectionGuard
{
    /// <summary>Longer ids or names could not be folded under the 998-octet line limit.</summary>
    internal const int MaxIdLength = 500;

    internal const int MaxHeaderNameLength = 76;

    // Fields the composer writes itself: an extra header with one of these names would duplicate or contradict them.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "Sender", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-ID",
        "Content-Description", "Auto-Submitted", "Return-Path", "Received",
    };

    private static readonly SearchValues<char> Controls = SearchValues.Create(BuildControls());

    public static void ValidateExtraHeaderName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("An extra header has an empty name.", nameof(name));
        }

        if (name.Length > MaxHeaderNameLength)
        {
            throw new ArgumentException($"Header name is longer than {MaxHeaderNameLength} characters.", nameof(name));
        }

        foreach (var c in name)
        {
            if (c is < '!' or > '~' or ':')
            {
                throw new ArgumentException(
                    $"Header name '{Printable(name)}' contains a character not allowed in a field name (RFC 5322 ftext).", nameof(name));
            }
        }

        if (ReservedNames.Contains(name))
        {
            throw new ArgumentException($"Header '{name}' is written by the composer and cannot be supplied as an extra header.", nameof(name));
        }
    }

    /// <summary>Every control character (C0 including CR/LF/TAB, DEL, C1, and the Unicode line/paragraph separators)
    /// becomes a space, then the ends are trimmed.</summary>
    public static string SanitizeText(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value.AsSpan().IndexOfAny(Controls) < 0)
        {
            return value.Trim();
        }

        return string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = Controls.Contains(source[i]) ? ' ' : source[i];
            }
        }).Trim();
    }

    /// <summary>Checks a message id (given with or without its angle brackets) and returns it without them.</summary>
    /// <summary>The id without angle brackets when it is 1 to <see cref="MaxIdLength"/> printable ASCII characters
    /// without spaces or angle brackets; otherwise null. Thread ids come from other people's mail, so a bad one is
    /// dropped rather than allowed to fail the whole message.</summary>
    public static string? TryNormalizeMessageId(string? id)
    {
        var value = id?.Trim() ?? string.Empty;
        if (value.Length >= 2 && value[0] == '<' && value[^1] == '>')
        {
            value = value[1..^1];
        }

        if (value.Length == 0 || value.Length > MaxIdLength)
        {
            return null;
        }

        foreach (var c in value)
        {
            if (c is <= ' ' or > '~' or '<' or '>')
            {
                return null;
            }
        }

        return value;
    }

    /// <summary>A version of untrusted text that is safe to put into an exception message.</summary>
    internal static string Printable(string value)
    {
        var clipped = value.Length > 80 ? value[..80] + "..." : value;
        return SanitizeText(clipped);
    }

    private static string BuildControls()
    {
        var chars = new List<char>();
        for (var c = '\0'; c < ' '; c++)
        {
            chars.Add(c);
        }

        for (var c = '\u007F'; c <= '\u009F'; c++)
        {
            chars.Add(c);
        }

        chars.Add('\u2028');
        chars.Add('\u2029');
        return new string(chars.ToArray());
    }
}
