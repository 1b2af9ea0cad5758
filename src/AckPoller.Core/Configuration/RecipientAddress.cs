namespace AckPoller.Core.Configuration;

/// <summary>Recipient addresses from configuration and from an ackpoller_to override.</summary>
internal static class RecipientAddress
{
    /// <summary>local@domain with no spaces, controls or characters that would break a header.</summary>
    public static bool IsValid(string? address)
    {
        var trimmed = address?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 320)
        {
            return false;
        }

        var at = trimmed.LastIndexOf('@');
        return at > 0 && at < trimmed.Length - 1 && trimmed.IndexOf('@') == at
            && !trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')');
    }
}
