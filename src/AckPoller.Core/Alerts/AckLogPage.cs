namespace AckPoller.Core.Alerts;

/// <summary>One page of the log, newest first; <see cref="Next"/> is null on the last page.</summary>
public sealed record AckLogPage(IReadOnlyList<AckLogEntry> Entries, AckLogCursor? Next);
