using AckPoller.Core.Alerts;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

public sealed class SqliteAlertStore : IAlertStore
{
    private readonly IDatabaseConnectionFactory _connections;

    public SqliteAlertStore(IDatabaseConnectionFactory connections) => _connections = connections;

    public Task<Alert?> GetAsync(long id, CancellationToken cancellationToken) => FindAsync("id = $v", id, cancellationToken);

    public Task<Alert?> FindByReferenceAsync(AlertReference reference, CancellationToken cancellationToken) =>
        FindAsync("reference = $v", reference.ToString(), cancellationToken);

    public Task<Alert?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken) =>
        FindAsync("message_id = $v", messageId, cancellationToken);

    public Task<IReadOnlyList<Alert>> ListAsync(AlertState? state, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            state is null
                ? $"SELECT {SqliteRows.AlertColumns} FROM alerts ORDER BY created_at DESC, id DESC LIMIT $limit"
                : $"SELECT {SqliteRows.AlertColumns} FROM alerts WHERE state = $state ORDER BY updated_at DESC, id DESC LIMIT $limit",
            p => p.Add("$state", state?.ToString()),
            limit,
            cancellationToken);

    public Task<IReadOnlyList<Alert>> ListAsync(AlertState? state, DateTimeOffset? since, int limit, CancellationToken cancellationToken) =>
        since is null
            ? ListAsync(state, limit, cancellationToken)
            : QueryAsync(
                $"SELECT {SqliteRows.AlertColumns} FROM alerts WHERE created_at >= $since AND ($state IS NULL OR state = $state) ORDER BY created_at DESC, id DESC LIMIT $limit",
                p =>
                {
                    p.Add("$since", StoreTime.Format(since.Value));
                    p.Add("$state", state?.ToString());
                },
                limit,
                cancellationToken);

    public Task<IReadOnlyList<Alert>> ListSnoozeEndedAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {SqliteRows.AlertColumns} FROM alerts WHERE state = $state AND snoozed_until <= $now ORDER BY snoozed_until, id LIMIT $limit",
            p =>
            {
                p.Add("$state", nameof(AlertState.Snoozed));
                p.Add("$now", StoreTime.Format(now));
            },
            limit,
            cancellationToken);

    private async Task<IReadOnlyList<Alert>> QueryAsync(string sql, Action<SqliteParameterCollection> bind, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = sql;
        bind(command.Parameters);
        command.Parameters.Add("$limit", Math.Clamp(limit, 1, 10_000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<Alert>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(SqliteRows.ReadAlert(reader));
        }

        return result;
    }

    private async Task<Alert?> FindAsync(string condition, object value, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteRows.AlertColumns} FROM alerts WHERE {condition}";
        command.Parameters.Add("$v", value);
        return await SqliteRows.ReadSingleAlertAsync(command, cancellationToken);
    }
}
