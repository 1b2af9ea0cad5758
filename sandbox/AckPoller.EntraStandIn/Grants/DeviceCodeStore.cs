using System.Collections.Concurrent;
using System.Security.Cryptography;
using AckPoller.EntraStandIn.Protocol;

namespace AckPoller.EntraStandIn.Grants;

/// <summary>Device authorizations by device code and by user code. Polling faster than the interval is answered
/// with slow_down and lengthens the interval; a poll after approval hands out the grant once.</summary>
public sealed class DeviceCodeStore(TimeProvider time)
{
    /// <summary>Polls may arrive this much early (timer jitter) before counting as too fast.</summary>
    private static readonly TimeSpan PollTolerance = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SlowDownIncrement = TimeSpan.FromSeconds(5);
    private const string UserCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ23456789";

    private readonly ConcurrentDictionary<string, DeviceAuthorization> _byDeviceCode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceAuthorization> _byUserCode = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public DeviceAuthorization Create(string clientId, string scope, TimeSpan lifetime, TimeSpan interval)
    {
        var authorization = new DeviceAuthorization(
            OpaqueValue.New("DAQABAAEAAAD-sandbox.", 48), NewUserCode(), clientId, scope, time.GetUtcNow() + lifetime, interval);
        _byDeviceCode[authorization.DeviceCode] = authorization;
        _byUserCode[authorization.UserCode] = authorization;
        return authorization;
    }

    public DeviceAuthorization? FindByUserCode(string? userCode) =>
        userCode is not null && _byUserCode.TryGetValue(userCode.Trim(), out var found) && found.ExpiresAt > time.GetUtcNow() ? found : null;

    public DeviceAuthorization? Peek(string? deviceCode) =>
        deviceCode is not null && _byDeviceCode.TryGetValue(deviceCode, out var found) ? found : null;

    /// <summary>Marks the sign-in approved by <paramref name="user"/>; false when the code is unknown or already decided.</summary>
    public bool Approve(string userCode, string user) => Decide(userCode, authorization => authorization.User = user);

    public bool Decline(string userCode) => Decide(userCode, authorization => authorization.Declined = true);

    /// <summary>One poll of the token endpoint: the approved authorization (removed, so it is redeemed once) or the
    /// error to answer (authorization_pending, slow_down, expired_token, authorization_declined).</summary>
    public (DeviceAuthorization? Approved, EntraError? Error) Poll(string deviceCode, string clientId)
    {
        if (!_byDeviceCode.TryGetValue(deviceCode, out var authorization) ||
            !string.Equals(authorization.ClientId, clientId, StringComparison.OrdinalIgnoreCase))
        {
            return (null, EntraErrors.BadDeviceCode());
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (authorization.ExpiresAt <= now)
            {
                Forget(authorization);
                return (null, EntraErrors.DeviceCodeExpired());
            }

            if (authorization.Declined)
            {
                Forget(authorization);
                return (null, EntraErrors.DeviceCodeDeclined());
            }

            var previous = authorization.LastPolledAt;
            authorization.LastPolledAt = now;
            if (previous is { } last && now - last < authorization.Interval - PollTolerance)
            {
                authorization.Interval += SlowDownIncrement;
                return (null, EntraErrors.SlowDown());
            }

            if (authorization.User is null)
            {
                return (null, EntraErrors.AuthorizationPending());
            }

            Forget(authorization);
            return (authorization, null);
        }
    }

    private bool Decide(string userCode, Action<DeviceAuthorization> decide)
    {
        var authorization = FindByUserCode(userCode);
        if (authorization is null)
        {
            return false;
        }

        lock (_gate)
        {
            if (authorization.User is not null || authorization.Declined)
            {
                return false;
            }

            decide(authorization);
            return true;
        }
    }

    private void Forget(DeviceAuthorization authorization)
    {
        _byDeviceCode.TryRemove(authorization.DeviceCode, out _);
        _byUserCode.TryRemove(authorization.UserCode, out _);
    }

    private static string NewUserCode() => RandomNumberGenerator.GetString(UserCodeAlphabet, 9);
}
