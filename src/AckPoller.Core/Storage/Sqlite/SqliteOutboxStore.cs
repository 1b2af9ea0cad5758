using AckPoller.Core.Outbox;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

public sealed class SqliteOutboxStore : IOutboxStore
{
    private const int MaxErrorLength = 2000;

    private readonly IDatabaseConnectionFactory _connections;

    public SqliteOutboxStore(IDatabaseConnectionFactory connections) => _connections = connections;

    public async Task<long> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, SqliteRows.InsertOutboxSql);
        SqliteRows.BindOutbox(command.Parameters, message);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync($"SELECT {SqliteRows.OutboxColumns} FROM outbox WHERE id = $id", p => p.Add("$id", id), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<OutboxMessage>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT {SqliteRows.OutboxColumns} FROM outbox WHERE state = 'Pending' AND next_attempt_at <= $now ORDER BY next_attempt_at, id LIMIT $limit",
            p =>
            {
                p.Add("$now", StoreTime.Format(now));
                p.Add("$limit", Math.Max(1, limit));
            },
            cancellationToken);

    public async Task<bool> TryClaimAsync(long id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE outbox SET next_attempt_at = $lease, updated_at = $now WHERE id = $id AND state = 'Pending' AND next_attempt_at <= $now",
            p =>
            {
                p.Add("$id", id);
                p.Add("$now", StoreTime.Format(now));
                p.Add("$lease", StoreTime.Format(leaseUntil));
            },
            cancellationToken) == 1;

    public Task MarkSentAsync(long id, DateTimeOffset at, int attempts, string? note, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET state = 'Sent', sent_at = $at, attempts = $attempts, last_error = $note, updated_at = $at WHERE id = $id",
            p =>
            {
                p.Add("$id", id);
                p.Add("$at", StoreTime.Format(at));
                p.Add("$attempts", attempts);
                p.Add("$note", Cap(note));
            },
            cancellationToken);

    public Task ScheduleRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET attempts = $attempts, next_attempt_at = $next, last_error = $error, updated_at = $now WHERE id = $id AND state = 'Pending'",
            p =>
            {
                p.Add("$id", id);
                p.Add("$attempts", attempts);
                p.Add("$next", StoreTime.Format(nextAttemptAt));
                p.Add("$error", Cap(error));
                p.Add("$now", StoreTime.Format(now));
            },
            cancellationToken);

    public Task MarkDeadAsync(long id, int attempts, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET state = 'Dead', attempts = $attempts, last_error = $reason, updated_at = $now WHERE id = $id AND state = 'Pending'",
            p =>
            {
                p.Add("$id", id);
                p.Add("$attempts", attempts);
                p.Add("$reason", Cap(reason));
                p.Add("$now", StoreTime.Format(now));
            },
            cancellationToken);

    public async Task<int> CountAsync(OutboxState state, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox WHERE state = $state";
        command.Parameters.Add("$state", state.ToString());
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxState? state, int limit, CancellationToken cancellationToken) =>
        ReadAsync(
            state is null
                ? $"SELECT {SqliteRows.OutboxColumns} FROM outbox ORDER BY id DESC LIMIT $limit"
                : $"SELECT {SqliteRows.OutboxColumns} FROM outbox WHERE state = $state ORDER BY created_at DESC, id DESC LIMIT $limit",
            p =>
            {
                p.Add("$state", state?.ToString());
                p.Add("$limit", Math.Clamp(limit, 1, 10_000));
            },
            cancellationToken);

    public async Task RecordDeliveredAsync(long id, IReadOnlyList<string> recipients, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            return;
        }

        await using var connection = (SqliteConnection)await _connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = Command(connection, "INSERT OR IGNORE INTO outbox_delivered (outbox_id, address, delivered_at) VALUES ($id, $address, $at)");
        command.Transaction = transaction;
        command.Parameters.Add("$id", SqliteType.Integer).Value = id;
        var address = command.Parameters.Add("$address", SqliteType.Text);
        command.Parameters.Add("$at", SqliteType.Text).Value = StoreTime.Format(at);
        foreach (var recipient in recipients)
        {
            address.Value = recipient;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlySet<string>> DeliveredAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT address FROM outbox_delivered WHERE outbox_id = $id");
        command.Parameters.Add("$id", SqliteType.Integer).Value = id;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private static string? Cap(string? text) => text is { Length: > MaxErrorLength } ? text[..MaxErrorLength] : text;

    private static SqliteCommand Command(System.Data.Common.DbConnection connection, string sql)
    {
        var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private async Task<int> ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql);
        bind(command.Parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<OutboxMessage>> ReadAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql);
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<OutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(SqliteRows.ReadOutbox(reader));
        }

        return result;
    }
}
