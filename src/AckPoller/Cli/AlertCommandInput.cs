namespace AckPoller.Cli;

/// <summary>Checks on the addresses and free text given to `alert raise` and `alert register`.</summary>
internal static class AlertCommandInput
{
    public static List<string> Addresses(string option, IEnumerable<string>? values, bool required = true)
    {
        var result = new List<string>();
        foreach (var value in values ?? [])
        {
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!LooksLikeAddress(part))
                {
                    throw new CommandUsageException(option, $"'{part}' is not an email address (expected local@domain).");
                }

                result.Add(part);
            }
        }

        return result.Count > 0 || !required ? result : throw new CommandUsageException(option, "give at least one address.");
    }

    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool LooksLikeAddress(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1 || text.Length > 254)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or ',' or ';')
            {
                return false;
            }
        }

        return text.IndexOf('.', at) > at + 1 || text.AsSpan(at + 1).SequenceEqual("localhost");
    }
}
