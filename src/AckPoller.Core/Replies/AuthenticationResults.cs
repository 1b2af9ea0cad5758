namespace AckPoller.Core.Replies;

/// <summary>One Authentication-Results header (RFC 8601): who evaluated the message and what each method found.</summary>
public sealed record AuthenticationResults(string AuthServId, IReadOnlyList<AuthenticationMethodResult> Results)
{
    /// <summary>The first result of <paramref name="method"/> (e.g. "dmarc"), if any.</summary>
    public AuthenticationMethodResult? Find(string method)
    {
        foreach (var result in Results)
        {
            if (string.Equals(result.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                return result;
            }
        }

        return null;
    }
}

/// <summary>"method=result reason=… ptype.property=value …", e.g. dmarc=pass header.from=example.com. Method, result
/// and property names are lower case; property names include their ptype ("header.from").</summary>
public sealed record AuthenticationMethodResult(string Method, string Result, string? Reason, IReadOnlyDictionary<string, string> Properties)
{
    public string? Property(string name) => Properties.TryGetValue(name, out var value) ? value : null;
}
