using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Mailboxes;

/// <summary>Reads one account's new replies over IMAP and hands them to the <see cref="ReplyProcessor"/> in batches:
/// SELECT, then UIDs above the cursor (same UIDVALIDITY). First run: mail already there is left alone unless
/// Processing:ProcessExistingMail. A changed UIDVALIDITY re-scans the mailbox: mail delivered before the first run is
/// skipped by its INTERNALDATE, mail processed before is recognised by its Message-ID and only filed away.</summary>
public sealed class ImapReplyReader
{
    private readonly IMailboxStateStore _state;
    private readonly ReplyProcessor _processor;
    private readonly MailConnectionOptions _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ImapReplyReader(IMailboxStateStore state, ReplyProcessor processor, MailConnectionOptions connection, TimeProvider time, ILogger<ImapReplyReader> logger)
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
            var tally = await ReadMailboxAsync(client, account, cancellationToken);
            await LogoutAsync(client, account, cancellationToken);
            return tally.ToResult(account.Name);
        }
    }

    private Task<ImapClient> ConnectAsync(MailEndpoint endpoint, MailCredentials credentials, AccountProcessingOptions options, CancellationToken cancellationToken) =>
        new ImapClient(_connection)
        {
            // RFC822.SIZE decides what is too large; this only stops a server whose literal is far bigger than it said.
            MaxLiteralSize = Math.Min(Array.MaxLength, options.MaxMessageBytes * 2 + 64 * 1024),
        }.OpenAsync(endpoint, credentials, null, cancellationToken);

    private async Task<PollTally> ReadMailboxAsync(ImapClient client, MailAccountOptions account, CancellationToken cancellationToken)
    {
        var options = account.Processing;
        var folder = options.Folder;
        var tally = new PollTally();
        var info = await client.SelectAsync(folder, cancellationToken);
        var stored = await _state.GetCursorAsync(account.Name, folder, cancellationToken);
        MailboxCursor cursor;
        var rescan = false;
        if (stored is null)
        {
            if (!options.ProcessExistingMail)
            {
                var last = await LastUidAsync(client, info, cancellationToken);
                await _state.SaveCursorAsync(account.Name, folder, new MailboxCursor(info.UidValidity, last) { HistoryBefore = _time.GetUtcNow() }, cancellationToken);
                MailboxesLog.FirstRunMessagesAlreadyThere(_logger, account.Name, folder, info.Exists);
                return tally;
            }

            MailboxesLog.FirstRunProcessingMessagesAlready(_logger, account.Name, folder, info.Exists);
            cursor = new MailboxCursor(info.UidValidity, 0);
        }
        else if (stored.UidValidity != info.UidValidity)
        {
            MailboxesLog.UidValidityChanged(_logger, account.Name, folder, stored.UidValidity, info.UidValidity);
            cursor = new MailboxCursor(info.UidValidity, 0) { HistoryBefore = stored.HistoryBefore };
            rescan = true;
        }
        else
        {
            cursor = stored;
        }

        var pending = info.Exists == 0 ? [] : await ListNewAsync(client, cursor.LastUid, cancellationToken);
        var advance = new CursorAdvance(cursor.LastUid);
        if (rescan && cursor.HistoryBefore is { } before)
        {
            pending = SkipHistory(pending, before, advance, account.Name);
        }

        var mailbox = new ImapReplyMailbox(client, options);
        var saved = stored;
        for (var start = 0; start < pending.Count; start += options.FetchBatchSize)
        {
            var chunk = pending.GetRange(start, Math.Min(options.FetchBatchSize, pending.Count - start));
            var fetched = await FetchAsync(client, account, info.UidValidity, chunk, cancellationToken);
            var results = await _processor.ProcessBatchAsync(fetched, mailbox, cancellationToken);
            tally.Add(results);
            Advance(advance, chunk, results);
            saved = await SaveAsync(account.Name, folder, saved, cursor with { LastUid = advance.LastUid }, cancellationToken);
        }

        await SaveAsync(account.Name, folder, saved, cursor with { LastUid = advance.LastUid }, cancellationToken);
        return tally;
    }

    private async Task<MailboxCursor> SaveAsync(string account, string folder, MailboxCursor? saved, MailboxCursor next, CancellationToken cancellationToken)
    {
        if (saved != next)
        {
            await _state.SaveCursorAsync(account, folder, next, cancellationToken);
        }

        return next;
    }

    private static void Advance(CursorAdvance advance, List<ImapFetchedMessage> chunk, IReadOnlyList<ProcessedMessage> results)
    {
        var failed = new HashSet<uint>();
        foreach (var result in results)
        {
            if (result.Outcome == MessageOutcome.Failed)
            {
                failed.Add(result.Message.Handle);
            }
        }

        // Messages that vanished between listing and fetching (expunged by another client) count as done.
        foreach (var item in chunk)
        {
            if (failed.Contains(item.Uid))
            {
                advance.Failed(item.Uid);
            }
            else
            {
                advance.Done(item.Uid);
            }
        }
    }

    private List<ImapFetchedMessage> SkipHistory(List<ImapFetchedMessage> pending, DateTimeOffset before, CursorAdvance advance, string account)
    {
        var kept = new List<ImapFetchedMessage>(pending.Count);
        foreach (var item in pending)
        {
            if (item.InternalDate is { } delivered && delivered < before)
            {
                advance.Done(item.Uid);
                continue;
            }

            kept.Add(item);
        }

        if (kept.Count < pending.Count)
        {
            MailboxesLog.MessagesDeliveredBeforeFirstRun(_logger, account, pending.Count - kept.Count);
        }

        return kept;
    }

    /// <summary>UID, size and delivery time of every message above <paramref name="lastUid"/>, in UID order.</summary>
    private static async Task<List<ImapFetchedMessage>> ListNewAsync(ImapClient client, uint lastUid, CancellationToken cancellationToken)
    {
        if (lastUid == uint.MaxValue)
        {
            return [];
        }

        var listed = await client.UidFetchAsync(UidSet.Range(lastUid + 1), ImapFetchItems.Size | ImapFetchItems.InternalDate, cancellationToken);

        // "n:*" also matches the highest UID when it is below n.
        var pending = new List<ImapFetchedMessage>(listed.Count);
        foreach (var item in listed)
        {
            if (item.Uid > lastUid)
            {
                pending.Add(item);
            }
        }

        pending.Sort((a, b) => a.Uid.CompareTo(b.Uid));
        return pending;
    }

    private async Task<List<FetchedMessage>> FetchAsync(ImapClient client, MailAccountOptions account, uint uidValidity, List<ImapFetchedMessage> chunk, CancellationToken cancellationToken)
    {
        var options = account.Processing;
        var small = new List<uint>(chunk.Count);
        foreach (var item in chunk)
        {
            if (item.Size is not { } size || size <= options.MaxMessageBytes)
            {
                small.Add(item.Uid);
            }
        }

        var bodies = new Dictionary<uint, byte[]>(small.Count);
        if (small.Count > 0)
        {
            foreach (var message in await client.UidFetchAsync(UidSet.FromUids(small), ImapFetchItems.Body, cancellationToken))
            {
                if (message.Body is { } body)
                {
                    bodies[message.Uid] = body;
                }
            }
        }

        var fetched = new List<FetchedMessage>(chunk.Count);
        foreach (var item in chunk)
        {
            var key = MessageKeys.Imap(options.Folder, uidValidity, item.Uid);
            var receivedAt = item.InternalDate ?? _time.GetUtcNow();
            if (item.Size is { } size && size > options.MaxMessageBytes)
            {
                var reply = new IncomingReply(account.Name, MessageKeys.ImapProtocol, key, ReadOnlyMemory<byte>.Empty, receivedAt);
                fetched.Add(new FetchedMessage(reply, item.Uid) { MalformedReason = TooLarge(size, options.MaxMessageBytes) });
            }
            else if (bodies.TryGetValue(item.Uid, out var body))
            {
                fetched.Add(new FetchedMessage(new IncomingReply(account.Name, MessageKeys.ImapProtocol, key, body, receivedAt), item.Uid));
            }
        }

        return fetched;
    }

    internal static string TooLarge(long size, long limit) =>
        $"too large: {size} bytes, over the limit of {limit} bytes (Processing:MaxMessageBytes); it was not downloaded";

    private static async Task<uint> LastUidAsync(ImapClient client, ImapMailboxInfo info, CancellationToken cancellationToken)
    {
        if (info.UidNext is { } next)
        {
            return next - 1;
        }

        if (info.Exists == 0)
        {
            return 0;
        }

        var uids = await client.UidSearchAsync(ImapSearch.All, cancellationToken);
        return uids.Count == 0 ? 0 : uids.Max();
    }

    private async Task LogoutAsync(ImapClient client, MailAccountOptions account, CancellationToken cancellationToken)
    {
        try
        {
            await client.LogoutAsync(cancellationToken);
        }
        catch (MailException ex)
        {
            // Everything is recorded and filed already; a failed goodbye changes nothing.
            MailboxesLog.ImapLogoutFailed(_logger, account.Name, ex.Message);
        }
    }
}
