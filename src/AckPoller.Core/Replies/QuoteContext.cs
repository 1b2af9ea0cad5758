using AckPoller.Mail.Mime;

namespace AckPoller.Core.Replies;

/// <summary>What the reply itself says about the message it quotes, for recognising a quoted header block in a language
/// no table knows: the reply's subject ends with the quoted one, and the quoted sender and recipients are the reply's
/// own correspondents (the alert came from the address the reply goes to, and was sent to the person replying).</summary>
internal sealed record QuoteContext(string? Subject, IReadOnlyList<string> Correspondents)
{
    /// <summary>Enough for any real reply; bounds the work a hostile recipient list could cause per quoted line.</summary>
    public const int MaxCorrespondents = 32;

    public static QuoteContext? From(MimeMessage message)
    {
        var names = new List<string>();
        foreach (var address in message.From.Concat(message.ReplyTo).Concat(message.To).Concat(message.Cc))
        {
            if (names.Count >= MaxCorrespondents)
            {
                break;
            }

            // A local-part-only address ("From: nsb") is matched by substring like a display name, so it needs a display
            // name's length too: "ab" would be found inside almost any value.
            if (!string.IsNullOrWhiteSpace(address.Address) && (address.Address.Contains('@', StringComparison.Ordinal) || address.Address.Trim().Length >= 3))
            {
                names.Add(address.Address.Trim());
            }

            if (address.DisplayName is { } name && name.Trim().Length >= 3)
            {
                names.Add(name.Trim());
            }
        }

        return names.Count == 0 && string.IsNullOrWhiteSpace(message.Subject) ? null : new QuoteContext(message.Subject?.Trim(), names);
    }

    /// <summary>The quoted subject: the reply's subject is it behind nothing but reply prefixes ("RE: ", "答复: ",
    /// "AW: WG: "), so a fragment such as a host name in it does not count.</summary>
    public bool IsSubject(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length < 4 || Subject is not { } subject || !subject.EndsWith(trimmed, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return OnlyPrefixes(subject[..^trimmed.Length]);
    }

    /// <summary>Empty, or words of up to 12 characters each ending in a colon: "RE: ", "Antw: WG: ", "回复：".</summary>
    private static bool OnlyPrefixes(string text)
    {
        var rest = text.AsSpan().Trim();
        while (!rest.IsEmpty)
        {
            var colon = rest.IndexOfAny(':', '：');
            if (colon is <= 0 or > 12 || rest[..colon].ContainsAny(' ', '\t'))
            {
                return false;
            }

            rest = rest[(colon + 1)..].TrimStart();
        }

        return true;
    }

    public bool NamesCorrespondent(string value) =>
        Correspondents.Any(name => value.Contains(name, StringComparison.OrdinalIgnoreCase));
}
