using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Memory;
using AckPoller.Core.Processing;
using AckPoller.Mail;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Mailboxes;

/// <summary>What the IMAP and POP3 reply readers have in common, written once: one poll opens an authenticated session
/// (refreshing the token once on refusal), reads the mailbox, closes the session and returns the tally; and the batch
/// loop that fetches a batch bounded by count and bytes, hands it to the <see cref="ReplyProcessor"/>, counts the
/// messages left for the next poll as failed, and lets the protocol record its progress.</summary>
public abstract class MailboxReplyReader<TClient>
    where TClient : class, IMailClient
{
    private readonly ReplyProcessor _processor;
    private readonly ILogger _logger;

    private protected MailboxReplyReader(ReplyProcessor processor, ILogger logger)
    {
        _processor = processor;
        _logger = logger;
    }

    /// <summary>Where an account's server is; tests point it at a scripted server.</summary>
    internal Func<MailAccountOptions, MailEndpoint> EndpointOf { get; init; } = IncomingServer.Endpoint;

    /// <summary>Polls in a row in which a message still on the server could not be downloaded.</summary>
    private protected FetchAttempts Attempts { get; } = new();

    /// <summary>One poll. Connection and protocol failures are thrown (the caller retries); per-message problems are
    /// counted in the result. An <see cref="AccountAuthException"/> means no session could be authenticated.</summary>
    public async Task<PollResult> ReadAsync(IAccountCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var account = credentials.Options;
        var endpoint = EndpointOf(account);
        var session = new AuthenticatedMailSession(credentials, _logger);
        var client = await session.RunAsync((login, ct) => CreateClient(account.Processing).OpenAsync(endpoint, login, null, ct), cancellationToken);
        await using (client)
        {
            var tally = await ReadMailboxAsync(client, account, cancellationToken);
            await CloseAsync(client, account, cancellationToken);
            return tally.ToResult(account.Name);
        }
    }

    /// <summary>A new, unconnected client with the account's limits.</summary>
    private protected abstract TClient CreateClient(AccountProcessingOptions options);

    private protected abstract Task<PollTally> ReadMailboxAsync(TClient client, MailAccountOptions account, CancellationToken cancellationToken);

    /// <summary>Ends the session after a successful read (IMAP LOGOUT, POP3 QUIT).</summary>
    private protected abstract Task CloseAsync(TClient client, MailAccountOptions account, CancellationToken cancellationToken);

    /// <summary>The common loop: batches of <paramref name="pending"/> bounded by Processing:FetchBatchSize and
    /// Processing:MaxBatchBytes, each fetched, processed, tallied, then passed to <paramref name="afterBatch"/>.</summary>
    private protected async Task ProcessInBatchesAsync<T>(
        List<T> pending,
        Func<T, long?> sizeOf,
        AccountProcessingOptions options,
        IReplyMailbox mailbox,
        PollTally tally,
        Func<List<T>, CancellationToken, Task<FetchedBatch>> fetch,
        Func<List<T>, FetchedBatch, IReadOnlyList<MessageResult>, CancellationToken, Task>? afterBatch,
        CancellationToken cancellationToken)
    {
        for (var start = 0; start < pending.Count;)
        {
            var length = FetchBatches.NextLength(pending, start, sizeOf, options);
            var chunk = pending.GetRange(start, length);
            start += length;
            FetchedBatch? batch = await fetch(chunk, cancellationToken);
            IReadOnlyList<MessageResult>? results = await _processor.ProcessBatchAsync(batch.Messages, mailbox, cancellationToken);
            tally.Add(results);
            for (var i = 0; i < batch.Retry.Count; i++)
            {
                tally.Add(MessageOutcome.Failed);
            }

            if (afterBatch is not null)
            {
                await afterBatch(chunk, batch, results, cancellationToken);
            }

            var held = BytesHeld(batch);
            batch = null;
            results = null;
            if (held >= ReleaseAfterBytes)
            {
                ReleaseLargeBatch();
                LargeBatchCollections++;
            }
        }
    }

    /// <summary>A batch whose bodies total at least this many bytes is given back to the system as soon as it is done
    /// (4 MiB; tests lower it).</summary>
    internal long ReleaseAfterBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Compacting collections run after large batches by this reader (tests read it).</summary>
    internal int LargeBatchCollections { get; private set; }

    /// <summary>The bodies of a finished batch are large-object-heap arrays that are garbage now. Left to the GC they stay
    /// committed until the LOH budget is spent, so the next batch's bodies come on top of them: the peak is two batches,
    /// fragmented. One blocking, compacting collection of the LOH right away (<see cref="ProcessMemory.Release"/>, which
    /// also trims the native heap) keeps the peak at one batch (measured with bench/budgets/large-batch-rss.sh; README,
    /// Budgets). It costs tens of milliseconds and runs only after a batch of several megabytes.</summary>
    private static void ReleaseLargeBatch() => ProcessMemory.Release();

    private static long BytesHeld(FetchedBatch? batch)
    {
        long bytes = 0;
        foreach (var message in batch?.Messages ?? [])
        {
            bytes += message.Reply.Raw.Length;
        }

        return bytes;
    }
}

/// <summary>One fetched batch: the messages to process, and the handles of those left for the next poll.</summary>
internal sealed record FetchedBatch(List<FetchedMessage> Messages, HashSet<uint> Retry);
