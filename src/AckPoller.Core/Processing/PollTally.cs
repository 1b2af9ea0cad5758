using AckPoller.Core.Jobs;

namespace AckPoller.Core.Processing;

/// <summary>Counts what one poll did, message by message.</summary>
public sealed class PollTally
{
    public int Fetched { get; private set; }

    public int Applied { get; private set; }

    public int Rejected { get; private set; }

    public int Ignored { get; private set; }

    public int Failed { get; private set; }

    public void Add(IEnumerable<MessageResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results)
        {
            Add(result.Outcome);
        }
    }

    public void Add(MessageOutcome outcome)
    {
        Fetched++;
        switch (outcome)
        {
            case MessageOutcome.Applied:
                Applied++;
                break;
            case MessageOutcome.Rejected:
                Rejected++;
                break;
            case MessageOutcome.Ignored:
                Ignored++;
                break;
            default:
                Failed++;
                break;
        }
    }

    public PollResult ToResult(string account) => new(account, Fetched, Applied, Rejected, Ignored, Failed);
}
