namespace AckPoller.Core.Configuration;

/// <summary>The syntax of a configured responder (Replies:Responders), checked at start; the sender policy matches senders against it.</summary>
internal static class ResponderPattern
{
    /// <summary>An address ("jane@example.com"), a domain ("example.com", "@example.com") or a domain with its subdomains ("*.example.com").</summary>
    public static bool IsValidResponder(string? responder)
    {
        if (string.IsNullOrWhiteSpace(responder) || responder.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var at = responder.LastIndexOf('@');
        if (at > 0)
        {
            return IsDomain(responder[(at + 1)..]);
        }

        var domain = at == 0 ? responder[1..] : responder.StartsWith("*.", StringComparison.Ordinal) ? responder[2..] : responder;
        return IsDomain(domain);
    }

    private static bool IsDomain(string domain) =>
        domain.Length is > 0 and <= 253 && domain.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsLetterOrDigit(c) || c == '-'));
}
