namespace AckPoller.Core.Storage;

/// <summary>Which AckPoller alert stands for an alert of another system (source "alertmanager", key "group:…" or
/// "alert:<fingerprint>"), and a digest of what that system last reported, so repeats change nothing and changes are logged.</summary>
public sealed record ExternalAlertLink(string Source, string Key, long AlertId, string Digest, DateTimeOffset UpdatedAt);
