namespace AckPoller.Core.Auth;

/// <summary>What Entra ID sent to the redirect URI: code and state, or error and error_description.</summary>
public sealed record AuthorizationCallback(string? Code, string? State, string? Error, string? ErrorDescription)
{
    /// <summary>From the raw query string of the callback request, e.g. "?code=…&amp;state=…".</summary>
    public static AuthorizationCallback FromQuery(string query) => new(
        QueryString.Get(query, "code"),
        QueryString.Get(query, "state"),
        QueryString.Get(query, "error"),
        QueryString.Get(query, "error_description"));

    public override string ToString() => $"AuthorizationCallback (code {(Code is null ? "absent" : "redacted")}, error {Error ?? "none"})";
}
