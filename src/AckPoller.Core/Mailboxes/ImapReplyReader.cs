using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.MailErrors;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
using AckPoller.Core.Storage;
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
public sealed class ImapReplyReader : MailboxReplyReader<ImapClient>
{
    private readonly IMailboxStateStore _state;
    private readonly MailConnectionOptions _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ImapReplyReader(IMailboxStateStore state, ReplyProcessor processor, MailConnectionOptions connection, TimeProvider time, ILogger<ImapReplyReader> logger)
        : base(processor, logger)
    {
        _state = state;
        _connection = connection;
        _time = time;
        _logger = logger;
    }

    private protected override ImapClient CreateClient(AccountProcessingOptions options) =>
        new(_connection)
        {
            // RFC822.SIZE decides what is too large; this only stops a server whose literal is far bigger than it said.
            MaxLiteralSize = Math.Min(Array.MaxLength, options.MaxMessageBytes * 2 + 64 * 1024),
        };

    private protected override async Task<PollTally> ReadMailboxAsync(ImapClient client, MailAccountOptions account, CancellationToken cancellationToken)
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
        await ProcessInBatchesAsync(
            pending,
            item => item.Size,
            options,
            mailbox,
            tally,
            (chunk, ct) => FetchAsync(client, account, info.UidValidity, chunk, ct),
            async (chunk, batch, results, ct) =>
            {
                Advance(advance, chunk, results, batch.Retry);
                saved = await SaveAsync(account.Name, folder, saved, cursor with { LastUid = advance.LastUid }, ct);
            },
            cancellationToken);

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

    private static void Advance(CursorAdvance advance, List<ImapFetchedMessage> chunk, IReadOnlyList<MessageResult> results, HashSet<uint> retry)
    {
        // Messages whose body the server did not send are fetched again next poll: the cursor stays before them.
        var failed = new HashSet<uint>(retry);
        foreach (var result in results)
        {
            if (result.Outcome == MessageOutcome.Failed)
            {
                failed.Add(result.Message.Handle);
            }
        }

        // Messages that vanished between listing and fetching (expunged by another client, as UID SEARCH confirmed)
        // count as done.
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

    /// <summary>Downloads the chunk's bodies. A message the server listed but answered without its body (Office 365
    /// sometimes answers FETCH BODY.PEEK[] with FLAGS only) is not taken for expunged: UID SEARCH asks whether it still
    /// exists. If it does, it is fetched again on the following polls (returned in the retry set) and, after
    /// Processing:MaxFetchAttempts polls, recorded as failed (malformed) with the reason.</summary>
    private async Task<FetchedBatch> FetchAsync(
        ImapClient client, MailAccountOptions account, uint uidValidity, List<ImapFetchedMessage> chunk, CancellationToken cancellationToken)
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

        var stillThere = await StillThereAsync(client, small, bodies, cancellationToken);
        var fetched = new List<FetchedMessage>(chunk.Count);
        var retry = new HashSet<uint>();
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
                Attempts.Forget(account.Name, key);
                fetched.Add(new FetchedMessage(new IncomingReply(account.Name, MessageKeys.ImapProtocol, key, body, receivedAt), item.Uid));
            }
            else if (!stillThere.Contains(item.Uid))
            {
                Attempts.Forget(account.Name, key);
                MailboxesLog.ExpungedBeforeFetch(_logger, account.Name, key);
            }
            else
            {
                var attempts = Attempts.Failed(account.Name, key);
                if (attempts < options.MaxFetchAttempts)
                {
                    MailboxesLog.FetchAnsweredWithoutBody(_logger, account.Name, key, attempts, options.MaxFetchAttempts);
                    retry.Add(item.Uid);
                    continue;
                }

                Attempts.Forget(account.Name, key);
                var reason = $"not downloadable: the server answered FETCH BODY.PEEK[] without the body {attempts} times in a row although the message exists (Processing:MaxFetchAttempts)";
                MailboxesLog.NotDownloadableRecordedFailed(_logger, account.Name, key, reason);
                var reply = new IncomingReply(account.Name, MessageKeys.ImapProtocol, key, ReadOnlyMemory<byte>.Empty, receivedAt);
                fetched.Add(new FetchedMessage(reply, item.Uid) { MalformedReason = reason });
            }
        }

        return new FetchedBatch(fetched, retry);
    }

    /// <summary>Of the requested UIDs that came back without a body, those the server says still exist (UID SEARCH UID).</summary>
    private static async Task<HashSet<uint>> StillThereAsync(ImapClient client, List<uint> requested, Dictionary<uint, byte[]> bodies, CancellationToken cancellationToken)
    {
        var missing = requested.Where(uid => !bodies.ContainsKey(uid)).ToList();
        if (missing.Count == 0)
        {
            return [];
        }

        var found = await client.UidSearchAsync(ImapSearch.Uids(UidSet.FromUids(missing)), cancellationToken);
        var stillThere = new HashSet<uint>(found);
        stillThere.IntersectWith(missing);
        return stillThere;
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

    private protected override async Task CloseAsync(ImapClient client, MailAccountOptions account, CancellationToken cancellationToken)
    {
        try
        {
            await client.LogoutAsync(cancellationToken);
        }
        catch (MailException ex)
        {
            // Everything is recorded and filed already; a failed goodbye changes nothing.
            MailboxesLog.ImapLogoutFailed(_logger, account.Name, $"{MailFailure.From(ex)!.Label}: {ex.Message}");
        }
    }
}
