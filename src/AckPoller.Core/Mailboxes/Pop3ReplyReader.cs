using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
using AckPoller.Core.Storage;
using AckPoller.Mail;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Mailboxes;

/// <summary>Reads one account's new replies over POP3: the UIDL list minus the keys already processed. First run: the
/// messages already in the maildrop are recorded as ignored ("present before the first run", under their own key
/// kind) unless Processing:ProcessExistingMail. With Processing:DeleteAfterProcessing each processed message is DELEted,
/// and QUIT commits; a message processed before but still there (a crash before QUIT) is just deleted again.</summary>
public sealed class Pop3ReplyReader : MailboxReplyReader<Pop3Client>
{
    private readonly IMailboxStateStore _state;
    private readonly ReplyProcessor _processor;
    private readonly MailConnectionOptions _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public Pop3ReplyReader(IMailboxStateStore state, ReplyProcessor processor, MailConnectionOptions connection, TimeProvider time, ILogger<Pop3ReplyReader> logger)
        : base(processor, logger)
    {
        _state = state;
        _processor = processor;
        _connection = connection;
        _time = time;
        _logger = logger;
    }

    // LIST sizes decide what is too large; this only stops a server whose message is far bigger than it said.
    private protected override Pop3Client CreateClient(AccountProcessingOptions options) =>
        new(_connection) { MaxMessageSize = Math.Min(Array.MaxLength, options.MaxMessageBytes * 2 + 64 * 1024) };

    // QUIT commits the deletions; without it the server forgets them and the next poll deletes again.
    private protected override Task CloseAsync(Pop3Client client, MailAccountOptions account, CancellationToken cancellationToken) =>
        client.QuitAsync(cancellationToken);

    private protected override async Task<PollTally> ReadMailboxAsync(Pop3Client client, MailAccountOptions account, CancellationToken cancellationToken)
    {
        var options = account.Processing;
        var tally = new PollTally();
        var listing = await client.UidlAsync(cancellationToken);
        var firstRun = await _state.GetCursorAsync(account.Name, MessageKeys.Pop3Maildrop, cancellationToken) is null;
        if (firstRun && !options.ProcessExistingMail)
        {
            await RememberExistingAsync(account, listing, cancellationToken);
            return tally;
        }

        var keys = new List<string>(listing.Count * 2);
        foreach (var item in listing)
        {
            keys.Add(MessageKeys.Pop3(item.UniqueId));
            keys.Add(MessageKeys.Pop3PresentBeforeFirstRun(item.UniqueId));
        }

        var unprocessed = keys.Count == 0 ? new HashSet<string>() : await _state.FindUnprocessedAsync(account.Name, keys, cancellationToken);
        var fresh = new List<Pop3UidListing>();
        var leftover = 0;
        foreach (var item in listing)
        {
            if (!unprocessed.Contains(MessageKeys.Pop3PresentBeforeFirstRun(item.UniqueId)))
            {
                continue;
            }

            if (unprocessed.Contains(MessageKeys.Pop3(item.UniqueId)))
            {
                fresh.Add(item);
            }
            else if (options.DeleteAfterProcessing)
            {
                await client.DeleteAsync(item.MessageNumber, cancellationToken);
                leftover++;
            }
        }

        if (leftover > 0)
        {
            MailboxesLog.MessagesProcessedBeforeWereStill(_logger, account.Name, leftover);
        }

        if (fresh.Count > 0)
        {
            await ProcessAsync(client, account, fresh, tally, cancellationToken);
        }

        if (firstRun)
        {
            await _state.SaveCursorAsync(account.Name, MessageKeys.Pop3Maildrop, new MailboxCursor(0, 0), cancellationToken);
        }

        return tally;
    }

    private async Task RememberExistingAsync(MailAccountOptions account, IReadOnlyList<Pop3UidListing> listing, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var remembered = 0;
        foreach (var item in listing)
        {
            var reply = new IncomingReply(account.Name, MessageKeys.Pop3Protocol, MessageKeys.Pop3PresentBeforeFirstRun(item.UniqueId), ReadOnlyMemory<byte>.Empty, now);
            if (await _processor.RecordPresentBeforeFirstRunAsync(reply, cancellationToken))
            {
                remembered++;
            }
        }

        if (remembered < listing.Count)
        {
            // Not marked as read once: the next poll remembers the rest, still without acting on any of them.
            MailboxesLog.Pop3FirstRunPartlyRemembered(_logger, account.Name, remembered, listing.Count);
            return;
        }

        await _state.SaveCursorAsync(account.Name, MessageKeys.Pop3Maildrop, new MailboxCursor(0, 0), cancellationToken);
        MailboxesLog.Pop3FirstRunLeftAlone(_logger, account.Name, listing.Count);
    }

    private async Task ProcessAsync(Pop3Client client, MailAccountOptions account, List<Pop3UidListing> fresh, PollTally tally, CancellationToken cancellationToken)
    {
        var options = account.Processing;
        var sizes = new Dictionary<int, long>();
        foreach (var item in await client.ListAsync(cancellationToken))
        {
            sizes[item.MessageNumber] = item.Size;
        }

        var mailbox = new Pop3ReplyMailbox(client, options);
        await ProcessInBatchesAsync(
            fresh,
            item => sizes.TryGetValue(item.MessageNumber, out var size) ? size : null,
            options,
            mailbox,
            tally,
            (chunk, ct) => FetchAsync(client, account, chunk, sizes, ct),
            null,
            cancellationToken);
    }

    /// <summary>Downloads the chunk. A RETR the server refuses for one message (-ERR) does not stop the others, and the
    /// message is not lost: nothing is recorded for it, so the next poll fetches it again, and after
    /// Processing:MaxFetchAttempts polls it is recorded as failed (malformed) with the server's words. Returns how many
    /// messages are left for the next poll.</summary>
    private async Task<FetchedBatch> FetchAsync(
        Pop3Client client, MailAccountOptions account, List<Pop3UidListing> chunk, Dictionary<int, long> sizes, CancellationToken cancellationToken)
    {
        var limit = account.Processing.MaxMessageBytes;
        var small = new List<int>(chunk.Count);
        foreach (var item in chunk)
        {
            if (!sizes.TryGetValue(item.MessageNumber, out var size) || size <= limit)
            {
                small.Add(item.MessageNumber);
            }
        }

        var bodies = new Dictionary<int, byte[]>(small.Count);
        var refused = await RetrieveAsync(client, small, bodies, cancellationToken);
        var now = _time.GetUtcNow();
        var fetched = new List<FetchedMessage>(chunk.Count);
        var retry = new HashSet<uint>();
        foreach (var item in chunk)
        {
            var key = MessageKeys.Pop3(item.UniqueId);
            var number = (uint)item.MessageNumber;
            if (bodies.TryGetValue(item.MessageNumber, out var body))
            {
                Attempts.Forget(account.Name, key);
                fetched.Add(new FetchedMessage(new IncomingReply(account.Name, MessageKeys.Pop3Protocol, key, body, now), number));
                continue;
            }

            var empty = new IncomingReply(account.Name, MessageKeys.Pop3Protocol, key, ReadOnlyMemory<byte>.Empty, now);
            if (!refused.TryGetValue(item.MessageNumber, out var error))
            {
                fetched.Add(new FetchedMessage(empty, number) { MalformedReason = TooLarge(sizes[item.MessageNumber], limit) });
                continue;
            }

            var attempts = Attempts.Failed(account.Name, key);
            if (attempts < account.Processing.MaxFetchAttempts)
            {
                MailboxesLog.Pop3RetrRefused(_logger, account.Name, key, attempts, account.Processing.MaxFetchAttempts, error);
                retry.Add(number);
                continue;
            }

            Attempts.Forget(account.Name, key);
            var reason = $"not downloadable: the server refused RETR {attempts} times in a row (Processing:MaxFetchAttempts): {error}";
            MailboxesLog.NotDownloadableRecordedFailed(_logger, account.Name, key, reason);
            fetched.Add(new FetchedMessage(empty, number) { MalformedReason = reason });
        }

        return new FetchedBatch(fetched, retry);
    }

    /// <summary>RETR of every message in <paramref name="numbers"/>, into <paramref name="bodies"/>; a refused one is
    /// noted with the server's words and the rest are retrieved after it. Anything worse than a refusal is thrown.</summary>
    private static async Task<Dictionary<int, string>> RetrieveAsync(Pop3Client client, List<int> numbers, Dictionary<int, byte[]> bodies, CancellationToken cancellationToken)
    {
        var refused = new Dictionary<int, string>();
        var next = 0;
        while (next < numbers.Count)
        {
            try
            {
                await foreach (var message in client.RetrieveManyAsync(numbers.GetRange(next, numbers.Count - next), cancellationToken))
                {
                    bodies[message.MessageNumber] = message.Data;
                    next++;
                }
            }
            catch (MailCommandException ex) when (client.Connection is { IsUsable: true })
            {
                // Answers come in order: the refused RETR is the one after the last message received.
                refused[numbers[next]] = ex.ServerResponse ?? ex.Message;
                next++;
            }
        }

        return refused;
    }

    private static string TooLarge(long size, long limit) => ImapReplyReader.TooLarge(size, limit);
}
