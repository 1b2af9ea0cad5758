namespace AckPoller.EntraStandIn.Protocol;

/// <summary>An OAuth error as Entra answers it: HTTP status, error, AADSTS code and its text.</summary>
public sealed record EntraError(int StatusCode, string Error, int Code, string Text)
{
    public string? SubError { get; init; }

    public int? RetryAfterSeconds { get; init; }

    /// <summary>"AADSTS700082: The refresh token ...".</summary>
    public string Summary => $"AADSTS{Code}: {Text}";
}
