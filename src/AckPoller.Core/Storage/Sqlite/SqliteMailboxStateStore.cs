using System.Text;
using AckPoller.Core.Processing;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

public sealed class SqliteMailboxStateStore : IMailboxStateStore
{
    /// <summary>Keys per IN (…) query, well below SQLite's parameter limit.</summary>
    private const int Chunk = 500;

    private readonly IDatabaseConnectionFactory _connections;
    private readonly TimeProvider _time;

    public SqliteMailboxStateStore(IDatabaseConnectionFactory connections, TimeProvider time)
    {
        _connections = connections;
        _time = time;
    }

    public async Task<MailboxCursor?> GetCursorAsync(string account, string mailbox, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = "SELECT uid_validity, last_uid, history_before FROM mailbox_cursors WHERE account = $account AND mailbox = $mailbox";
        command.Parameters.Add("$account", account);
        command.Parameters.Add("$mailbox", mailbox);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new MailboxCursor((uint)reader.GetInt64(0), (uint)reader.GetInt64(1)) { HistoryBefore = StoreTime.ParseOrNull(reader.GetValue(2)) }
            : null;
    }

    public async Task SaveCursorAsync(string account, string mailbox, MailboxCursor cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = """
            INSERT INTO mailbox_cursors (account, mailbox, uid_validity, last_uid, history_before, updated_at) VALUES ($account, $mailbox, $validity, $uid, $history, $at)
            ON CONFLICT (account, mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid,
                history_before = excluded.history_before, updated_at = excluded.updated_at
            """;
        command.Parameters.Add("$account", account);
        command.Parameters.Add("$mailbox", mailbox);
        command.Parameters.Add("$validity", (long)cursor.UidValidity);
        command.Parameters.Add("$uid", (long)cursor.LastUid);
        command.Parameters.Add("$history", cursor.HistoryBefore is { } before ? StoreTime.Format(before) : DBNull.Value);
        command.Parameters.Add("$at", StoreTime.Format(_time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken);
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

    /// <summary>The values among <paramref name="values"/> found in processed_messages.<paramref name="column"/> for the account.</summary>
    private async Task<HashSet<string>> FindAsync(string column, string account, HashSet<string> values, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (values.Count == 0)
        {
            return found;
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        var all = values.ToArray();
        for (var start = 0; start < all.Length; start += Chunk)
        {
            var count = Math.Min(Chunk, all.Length - start);
            await using var command = (SqliteCommand)connection.CreateCommand();
            var sql = new StringBuilder("SELECT ").Append(column).Append(" FROM processed_messages WHERE account = $account AND ").Append(column).Append(" IN (");
            command.Parameters.Add("$account", account);
            for (var i = 0; i < count; i++)
            {
                sql.Append(i == 0 ? "$k" : ", $k").Append(i);
                command.Parameters.Add("$k" + i, all[start + i]);
            }

            command.CommandText = sql.Append(')').ToString();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(reader.GetString(0));
            }
        }

        return found;
    }
}
