using AckPoller.Core.Alerts;

namespace AckPoller.Cli;

/// <summary>What `alert show --json` prints: the alert and its whole acknowledgement log, oldest first
/// ({"alert": {…}, "acks": […]}, each part in ReportJson's shape).</summary>
internal sealed record AlertDetails(Alert Alert, IReadOnlyList<AckLogEntry> Acks);
