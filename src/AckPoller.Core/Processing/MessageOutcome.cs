namespace AckPoller.Core.Processing;

/// <summary>What processing did with one message in this poll. Failed: nothing is finished (analysis or recording
/// failed), or the outcome is recorded but the server step is not; either way the next poll picks it up again.</summary>
public enum MessageOutcome
{
    Applied,
    Rejected,
    Ignored,
    Failed,
}
