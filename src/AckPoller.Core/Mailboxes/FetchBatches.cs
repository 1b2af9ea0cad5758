using AckPoller.Core.Configuration;

namespace AckPoller.Core.Mailboxes;

/// <summary>Splits the messages waiting in a mailbox into fetch batches bounded by count (Processing:FetchBatchSize)
/// and by total bytes (Processing:MaxBatchBytes), so that what one batch holds in memory has a ceiling whatever
/// arrives. A message that alone exceeds the byte budget is fetched in a batch of its own.</summary>
internal static class FetchBatches
{
    /// <summary>How many of the messages from <paramref name="start"/> on go into the next batch (at least one).
    /// <paramref name="sizeOf"/> gives the size the server announced, or null when it did not say.</summary>
    public static int NextLength<T>(IReadOnlyList<T> pending, int start, Func<T, long?> sizeOf, AccountProcessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(sizeOf);
        ArgumentNullException.ThrowIfNull(options);
        var count = 0;
        long bytes = 0;
        while (start + count < pending.Count && count < options.FetchBatchSize)
        {
            var cost = Cost(sizeOf(pending[start + count]), options.MaxMessageBytes);
            if (count > 0 && bytes + cost > options.MaxBatchBytes)
            {
                break;
            }

            bytes += cost;
            count++;
        }

        return count;
    }

    // A message over MaxMessageBytes is never downloaded; one of unknown size may be as large as MaxMessageBytes.
    private static long Cost(long? size, long maxMessageBytes) => size switch
    {
        null => maxMessageBytes,
        { } known when known > maxMessageBytes => 0,
        { } known => Math.Max(0, known),
    };
}
