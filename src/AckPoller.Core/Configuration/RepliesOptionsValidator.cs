namespace AckPoller.Core.Configuration;

/// <summary>Checks the "Replies" section; every message starts with the key it is about.</summary>
public static class RepliesOptionsValidator
{
    public static void Validate(RepliesOptions replies, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(replies);
        ArgumentNullException.ThrowIfNull(errors);
        if (replies.LockoutThreshold < 1)
        {
            errors.Add("Replies:LockoutThreshold: must be ≥ 1 (default 5).");
        }

        if (replies.LockoutWindow <= TimeSpan.Zero)
        {
            errors.Add("Replies:LockoutWindow: must be positive, e.g. 01:00:00.");
        }

        if (replies.RequireDmarcPass && replies.TrustedAuthServIds.Count == 0)
        {
            errors.Add("Replies:TrustedAuthServIds: RequireDmarcPass needs the authserv-id of at least one trusted receiving server, e.g. \"mx.example.com\".");
        }

        for (var i = 0; i < replies.Responders.Count; i++)
        {
            if (!ResponderPattern.IsValidResponder(replies.Responders[i]))
            {
                errors.Add($"Replies:Responders:{i}: '{replies.Responders[i]}' is neither an address (jane@example.com) nor a domain (example.com, *.example.com).");
            }
        }

        for (var i = 0; i < replies.OwnMessageIdDomains.Count; i++)
        {
            var domain = replies.OwnMessageIdDomains[i];
            if (string.IsNullOrWhiteSpace(domain) || domain.Contains('@', StringComparison.Ordinal) || domain.Any(char.IsWhiteSpace))
            {
                errors.Add($"Replies:OwnMessageIdDomains:{i}: '{domain}' is not a domain such as alerts.example.com.");
            }
        }
    }
}
