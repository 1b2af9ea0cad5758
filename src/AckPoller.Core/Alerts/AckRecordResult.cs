namespace AckPoller.Core.Alerts;

/// <summary>What recording a reply did. AlreadyProcessed: the message key was recorded before (a re-fetch after a crash).</summary>
public sealed record AckRecordResult(AckOutcome Outcome, string Reason, Alert? Alert, bool AlreadyProcessed);
