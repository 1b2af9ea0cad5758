using AckPoller.Core.Processing;

namespace AckPoller.Core.Storage.PostgreSql;

public sealed class PostgreSqlMailboxStateStore(IDatabaseConnectionFactory connections, TimeProvider time) : PostgreSqlStoreBase(connections), IMailboxStateStore
{
    public async Task<MailboxCursor?> GetCursorAsync(string account, string mailbox, CancellationToken cancellationToken) =>
        First(await ReadAsync(
            "SELECT uid_validity, last_uid, history_before FROM mailbox_cursors WHERE account = @account AND mailbox = @mailbox",
            p =>
            {
                p.AddText("account", account);
                p.AddText("mailbox", mailbox);
            },
            r => new MailboxCursor((uint)r.GetInt64(0), (uint)r.GetInt64(1)) { HistoryBefore = PostgreSqlRows.TimeOrNull(r, 2) },
            cancellationToken));

    public Task SaveCursorAsync(string account, string mailbox, MailboxCursor cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        return ExecuteAsync(
            """
            INSERT INTO mailbox_cursors (account, mailbox, uid_validity, last_uid, history_before, updated_at) VALUES (@account, @mailbox, @validity, @uid, @history, @at)
            ON CONFLICT (account, mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid,
                history_before = excluded.history_before, updated_at = excluded.updated_at
            """,
            p =>
            {
                p.AddText("account", account);
                p.AddText("mailbox", mailbox);
                p.AddBigint("validity", cursor.UidValidity);
                p.AddBigint("uid", cursor.LastUid);
                p.AddTime("history", cursor.HistoryBefore);
                p.AddTime("at", time.GetUtcNow());
            },
            cancellationToken);
    }

    public async Task<IReadOnlySet<string>> FindUnprocessedAsync(string account, IReadOnlyCollection<string> messageKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageKeys);
        var unprocessed = new HashSet<string>(messageKeys, StringComparer.Ordinal);
        unprocessed.ExceptWith(await FindAsync("message_key", account, unprocessed, cancellationToken));
        return unprocessed;
    }

    public async Task<IReadOnlySet<string>> FindProcessedMessageIdsAsync(string account, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        return await FindAsync("message_id", account, new HashSet<string>(messageIds, StringComparer.Ordinal), cancellationToken);
    }

    /// <summary>The values found in processed_messages.<paramref name="column"/> for the account: one query, the values as an array.</summary>
    private async Task<HashSet<string>> FindAsync(string column, string account, HashSet<string> values, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var found = await ReadAsync(
            $"SELECT {column} FROM processed_messages WHERE account = @account AND {column} = ANY(@values)",
            p =>
            {
                p.AddText("account", account);
                p.Add(new Npgsql.NpgsqlParameter("values", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = values.ToArray() });
            },
            r => r.GetString(0),
            cancellationToken);
        return new HashSet<string>(found, StringComparer.Ordinal);
    }
}
