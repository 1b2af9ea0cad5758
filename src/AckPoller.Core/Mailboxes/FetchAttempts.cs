using System.Collections.Concurrent;

namespace AckPoller.Core.Mailboxes;

/// <summary>Counts, per account and message key, the polls in a row in which a message that is still on the server
/// could not be downloaded (IMAP FETCH answered without the body, POP3 RETR refused). Below the limit the message is
/// fetched again next poll; at the limit it is recorded as failed (malformed) with the reason, so it is never skipped
/// silently and never retried for ever. Kept in memory: a restart grants a fresh set of attempts.</summary>
internal sealed class FetchAttempts
{
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>Notes one more failed attempt and returns how many there were in a row.</summary>
    public int Failed(string account, string messageKey) =>
        _failures.AddOrUpdate(Key(account, messageKey), 1, (_, n) => n + 1);

    /// <summary>Forgets the message's failures (it arrived, vanished or was recorded as failed).</summary>
    public void Forget(string account, string messageKey) => _failures.TryRemove(Key(account, messageKey), out _);

    private static string Key(string account, string messageKey) => account + "\n" + messageKey;
}
