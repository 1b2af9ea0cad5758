namespace AckPoller.Core.Jobs;

/// <summary>Fetches and processes the new replies of one account once. The Quartz poll job and the IDLE listener call it;
/// callers guarantee it never runs twice at once for the same account.</summary>
public interface IAccountPoller
{
    Task<PollResult> PollAsync(string account, CancellationToken cancellationToken);
}
