using System.Collections.Concurrent;
using System.Text.Json;

namespace AckPoller.Core.Telemetry;

/// <summary>The fixed label values (and span attribute values) of AckPoller's telemetry.</summary>
internal static class TelemetryValues
{
    public const string Applied = "applied";
    public const string Rejected = "rejected";
    public const string Ignored = "ignored";
    public const string Malformed = "malformed";

    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string AuthFailed = "auth_failed";
    public const string CircuitOpen = "circuit_open";
    public const string Skipped = "skipped";

    public const string Sent = "sent";
    public const string Retry = "retry";
    public const string Dead = "dead";
    public const string Paused = "paused";

    public const string Connected = "connected";
    public const string Disconnected = "disconnected";
    public const string Idling = "idling";

    private static readonly ConcurrentDictionary<Enum, string> Spellings = new();

    /// <summary>An enum value in snake_case ("reauth_required"), cached: the set of values is fixed.</summary>
    public static string Of(Enum value) => Spellings.GetOrAdd(value, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
}
