using System.Text;
using AckPoller.Core.Mailboxes;
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
        command.CommandText = "SELECT uid_validity, last_uid FROM mailbox_cursors WHERE account = $account AND mailbox = $mailbox";
        command.Parameters.Add("$account", account);
        command.Parameters.Add("$mailbox", mailbox);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new MailboxCursor((uint)reader.GetInt64(0), (uint)reader.GetInt64(1)) : null;
    }

    public async Task SaveCursorAsync(string account, string mailbox, MailboxCursor cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = """
            INSERT INTO mailbox_cursors (account, mailbox, uid_validity, last_uid, updated_at) VALUES ($account, $mailbox, $validity, $uid, $at)
            ON CONFLICT (account, mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, updated_at = excluded.updated_at
            """;
        command.Parameters.Add("$account", account);
        command.Parameters.Add("$mailbox", mailbox);
        command.Parameters.Add("$validity", (long)cursor.UidValidity);
        command.Parameters.Add("$uid", (long)cursor.LastUid);
        command.Parameters.Add("$at", StoreTime.Format(_time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlySet<string>> FindUnprocessedAsync(string account, IReadOnlyCollection<string> messageKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageKeys);
        var unprocessed = new HashSet<string>(messageKeys, StringComparer.Ordinal);
        if (unprocessed.Count == 0)
        {
            return unprocessed;
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        var keys = unprocessed.ToArray();
        for (var start = 0; start < keys.Length; start += Chunk)
        {
            var count = Math.Min(Chunk, keys.Length - start);
            await using var command = (SqliteCommand)connection.CreateCommand();
            var sql = new StringBuilder("SELECT message_key FROM processed_messages WHERE account = $account AND message_key IN (");
            command.Parameters.Add("$account", account);
            for (var i = 0; i < count; i++)
            {
                sql.Append(i == 0 ? "$k" : ", $k").Append(i);
                command.Parameters.Add("$k" + i, keys[start + i]);
            }

            command.CommandText = sql.Append(')').ToString();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                unprocessed.Remove(reader.GetString(0));
            }
        }

        return unprocessed;
    }
}
