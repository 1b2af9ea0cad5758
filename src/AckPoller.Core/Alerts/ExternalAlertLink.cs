namespace AckPoller.Core.Alerts;

/// <summary>Which AckPoller alert stands for an alert of another system (source "alertmanager", key "group:…" or
/// "alert:&lt;fingerprint&gt;"), a digest of what that system last reported (repeats change nothing, changes are logged),
/// and the labels a silence for it must match (name → value).</summary>
public sealed record ExternalAlertLink(string Source, string Key, long AlertId, string Digest, IReadOnlyDictionary<string, string> Matchers, DateTimeOffset UpdatedAt);

/// <summary>The silence AckPoller made in the other system for an acknowledged alert, or why making it failed.</summary>
public sealed record ExternalSilence(string? SilenceId, DateTimeOffset? Until, string? Error);
