namespace AckPoller.EntraStandIn.Grants;

/// <summary>A pending device code sign-in: waits for a user to approve (or decline) it at the verification page.</summary>
public sealed class DeviceAuthorization
{
    internal DeviceAuthorization(string deviceCode, string userCode, string clientId, string scope, DateTimeOffset expiresAt, TimeSpan interval)
    {
        DeviceCode = deviceCode;
        UserCode = userCode;
        ClientId = clientId;
        Scope = scope;
        ExpiresAt = expiresAt;
        Interval = interval;
    }

    public string DeviceCode { get; }

    public string UserCode { get; }

    public string ClientId { get; }

    public string Scope { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The polling interval; each slow_down adds 5 seconds (RFC 8628 3.5).</summary>
    public TimeSpan Interval { get; internal set; }

    public DateTimeOffset? LastPolledAt { get; internal set; }

    /// <summary>The approving user; null while pending.</summary>
    public string? User { get; internal set; }

    public bool Declined { get; internal set; }
}
