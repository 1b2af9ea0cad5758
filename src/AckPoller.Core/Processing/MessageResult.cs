namespace AckPoller.Core.Processing;

/// <summary>The result of processing one fetched message.</summary>
public sealed record MessageResult(FetchedMessage Message, MessageOutcome Outcome, string Reason)
{
    /// <summary>The message could not be read (unparseable, no sender, too large, analysis kept failing).</summary>
    public bool Malformed { get; init; }

    /// <summary>The recorder had recorded this message before (a re-fetch after a crash): only the server step was redone.</summary>
    public bool AlreadyProcessed { get; init; }

    /// <summary>True once the outcome is recorded (even when the server step then failed).</summary>
    public bool Recorded { get; init; }
}
