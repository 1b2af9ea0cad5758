using System.Globalization;
using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>Writes address fields (From, To, Cc, Reply-To). Addresses are validated strictly (dot-atom or quoted local
/// part, host name or domain literal; internationalised domains become their IDNA A-label) and rejected with an
/// <see cref="ArgumentException"/> otherwise; display names become plain atoms, a quoted string when they contain
/// specials, or RFC 2047 encoded words for the words that are not ASCII.</summary>
internal static class MailboxAddressEncoder
{
    private const int MaxAddressLength = 254;
    private const int MaxLocalPartLength = 64;
    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~";

    private static readonly IdnMapping Idn = new();

    public static void WriteList(StringBuilder output, string name, IReadOnlyList<MailboxAddress> addresses, string paramName)
    {
        var folder = new ComposerHeaderFolder(output, name);
        for (var i = 0; i < addresses.Count; i++)
        {
            var mailbox = addresses[i] ?? throw new ArgumentException($"{paramName} contains a null address.", paramName);
            AppendMailbox(folder, mailbox, paramName, last: i == addresses.Count - 1);
        }

        folder.End();
    }

    private static void AppendMailbox(ComposerHeaderFolder folder, MailboxAddress mailbox, string paramName, bool last)
    {
        var address = NormalizeAddress(mailbox.Address, paramName);
        var separator = last ? string.Empty : ",";
        var displayName = CollapseWhitespace(HeaderInjectionGuard.SanitizeText(mailbox.DisplayName));
        if (displayName.Length == 0)
        {
            folder.Append(address + separator);
            return;
        }

        AppendPhrase(folder, displayName);
        folder.Append("<" + address + ">" + separator);
    }

    /// <summary>Returns the addr-spec in its ASCII wire form, or throws when it is not a valid mailbox address.</summary>
    public static string NormalizeAddress(string? address, string paramName)
    {
        var value = address?.Trim() ?? string.Empty;
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            throw Invalid(value, paramName, "it must be local-part@domain");
        }

        var local = value[..at];
        var domain = value[(at + 1)..];
        if (local.Length > MaxLocalPartLength || !(IsDotAtom(local) || IsQuotedString(local)))
        {
            throw Invalid(value, paramName, "the local part must be a dot-atom or a quoted string of printable ASCII");
        }

        domain = NormalizeDomain(domain, paramName, value);
        var result = local + "@" + domain;
        if (result.Length > MaxAddressLength)
        {
            throw Invalid(value, paramName, $"it is longer than {MaxAddressLength} characters");
        }

        return result;
    }

    /// <summary>Returns the domain in ASCII form (IDNA A-labels), or throws when it is not a host name or domain literal.</summary>
    public static string NormalizeDomain(string domain, string paramName, string? shownValue = null)
    {
        var address = shownValue ?? domain;
        if (domain.StartsWith('['))
        {
            if (domain.Length < 3 || !domain.EndsWith(']') || !domain.AsSpan(1, domain.Length - 2).ContainsOnlyDtext())
            {
                throw Invalid(address, paramName, "the domain literal is malformed");
            }

            return domain;
        }

        if (!Ascii.IsValid(domain))
        {
            try
            {
                domain = Idn.GetAscii(domain);
            }
            catch (ArgumentException)
            {
                throw Invalid(address, paramName, "the domain is not a valid internationalised domain name");
            }
        }

        foreach (var label in domain.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw Invalid(address, paramName, "the domain must be a host name of letters, digits and hyphens");
            }
        }

        return domain;
    }

    private static bool ContainsOnlyDtext(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '!' or > '~' or '[' or ']' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    private static ArgumentException Invalid(string address, string paramName, string reason) =>
        new($"'{HeaderInjectionGuard.Printable(address)}' is not a valid email address: {reason}.", paramName);

    internal static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || AtextSpecials.Contains(c, StringComparison.Ordinal);

    private static bool IsDotAtom(string value)
    {
        if (value.Length == 0 || value[0] == '.' || value[^1] == '.' || value.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c != '.' && !IsAtext(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsQuotedString(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return false;
        }

        for (var i = 1; i < value.Length - 1; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                i++;
                if (i >= value.Length - 1 || value[i] is < ' ' or > '~')
                {
                    return false;
                }
            }
            else if (c is < ' ' or > '~' or '"')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A display name: atoms when every word is an atom, otherwise a quoted string when it is ASCII, otherwise
    /// atoms for the plain ASCII words and encoded words for the runs of words that are not.</summary>
    private static void AppendPhrase(ComposerHeaderFolder folder, string name)
    {
        var words = name.Split(' ');
        if (Ascii.IsValid(name))
        {
            if (words.All(w => w.All(IsAtext) && w.Length <= ComposerHeaderFolder.MaxUnfoldableToken) && !name.Contains("=?", StringComparison.Ordinal))
            {
                foreach (var word in words)
                {
                    folder.Append(word);
                }

                return;
            }

            var quoted = Quote(name);
            if (quoted.Length <= ComposerHeaderFolder.MaxUnfoldableToken && !name.Contains("=?", StringComparison.Ordinal))
            {
                folder.Append(quoted);
                return;
            }
        }

        var run = new StringBuilder();
        foreach (var word in words)
        {
            var plain = word.Length <= ComposerHeaderFolder.MaxUnfoldableToken && word.All(IsAtext) && !word.Contains("=?", StringComparison.Ordinal);
            if (!plain)
            {
                if (run.Length > 0)
                {
                    run.Append(' ');
                }

                run.Append(word);
                continue;
            }

            if (run.Length > 0)
            {
                folder.AppendEncodedWords(run.ToString());
                run.Clear();
            }

            folder.Append(word);
        }

        if (run.Length > 0)
        {
            folder.AppendEncodedWords(run.ToString());
        }
    }

    private static string Quote(string name)
    {
        var builder = new StringBuilder(name.Length + 2).Append('"');
        foreach (var c in name)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    private static string CollapseWhitespace(string value)
    {
        if (!value.Contains("  ", StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c != ' ' || builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
