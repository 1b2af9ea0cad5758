using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
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
public sealed class Pop3ReplyReader
{
    private readonly IMailboxStateStore _state;
    private readonly ReplyProcessor _processor;
    private readonly MailConnectionOptions _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public Pop3ReplyReader(IMailboxStateStore state, ReplyProcessor processor, MailConnectionOptions connection, TimeProvider time, ILogger<Pop3ReplyReader> logger)
    {
        _state = state;
        _processor = processor;
        _connection = connection;
        _time = time;
        _logger = logger;
    }

    /// <summary>One poll. Connection and protocol failures are thrown (the caller retries); per-message problems are
    /// counted in the result. An <see cref="AccountAuthException"/> means no session could be authenticated.</summary>
    public async Task<PollResult> ReadAsync(IAccountCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var account = credentials.Options;
        var endpoint = IncomingServer.Endpoint(account);
        var session = new AuthenticatedMailSession(credentials, _logger);
        var client = await session.RunAsync((login, ct) => ConnectAsync(endpoint, login, account.Processing, ct), cancellationToken);
        await using (client)
        {
            var tally = await ReadMaildropAsync(client, account, cancellationToken);

            // QUIT commits the deletions; without it the server forgets them and the next poll deletes again.
            await client.QuitAsync(cancellationToken);
            return tally.ToResult(account.Name);
        }
    }

    // LIST sizes decide what is too large; this only stops a server whose message is far bigger than it said.
    private Task<Pop3Client> ConnectAsync(MailEndpoint endpoint, MailCredentials credentials, AccountProcessingOptions options, CancellationToken cancellationToken) =>
        new Pop3Client(_connection) { MaxMessageSize = Math.Min(Array.MaxLength, options.MaxMessageBytes * 2 + 64 * 1024) }
            .OpenAsync(endpoint, credentials, null, cancellationToken);

    private async Task<PollTally> ReadMaildropAsync(Pop3Client client, MailAccountOptions account, CancellationToken cancellationToken)
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
        for (var start = 0; start < fresh.Count; start += options.FetchBatchSize)
        {
            var chunk = fresh.GetRange(start, Math.Min(options.FetchBatchSize, fresh.Count - start));
            var fetched = await FetchAsync(client, account, chunk, sizes, cancellationToken);
            tally.Add(await _processor.ProcessBatchAsync(fetched, mailbox, cancellationToken));
        }
    }

    private async Task<List<FetchedMessage>> FetchAsync(
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
        await foreach (var message in client.RetrieveManyAsync(small, cancellationToken))
        {
            bodies[message.MessageNumber] = message.Data;
        }

        var now = _time.GetUtcNow();
        var fetched = new List<FetchedMessage>(chunk.Count);
        foreach (var item in chunk)
        {
            var key = MessageKeys.Pop3(item.UniqueId);
            var number = (uint)item.MessageNumber;
            if (bodies.TryGetValue(item.MessageNumber, out var body))
            {
                fetched.Add(new FetchedMessage(new IncomingReply(account.Name, MessageKeys.Pop3Protocol, key, body, now), number));
            }
            else
            {
                var reply = new IncomingReply(account.Name, MessageKeys.Pop3Protocol, key, ReadOnlyMemory<byte>.Empty, now);
                fetched.Add(new FetchedMessage(reply, number) { MalformedReason = ImapReplyReader.TooLarge(sizes[item.MessageNumber], limit) });
            }
        }

        return fetched;
    }
}
