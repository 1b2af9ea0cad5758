using AckPoller.Core.Accounts;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary><see cref="IAccountActivityStore"/> in the account_activity table (migration 7).</summary>
public sealed class SqliteAccountActivityStore : IAccountActivityStore
{
    private const int MaxErrorLength = 2000;
    private readonly IDatabaseConnectionFactory _connections;

    public SqliteAccountActivityStore(IDatabaseConnectionFactory connections) => _connections = connections;

    public async Task RecordPollAsync(string account, DateTimeOffset at, string summary, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = """
            INSERT INTO account_activity (account, last_poll_at, last_poll_succeeded, last_poll_summary, last_error, last_error_at, updated_at)
            VALUES ($account, $at, $ok, $summary, $error, $errorAt, $at)
            ON CONFLICT (account) DO UPDATE SET
                last_poll_at = excluded.last_poll_at,
                last_poll_succeeded = excluded.last_poll_succeeded,
                last_poll_summary = excluded.last_poll_summary,
                last_error = COALESCE(excluded.last_error, account_activity.last_error),
                last_error_at = COALESCE(excluded.last_error_at, account_activity.last_error_at),
                updated_at = excluded.updated_at
            """;
        command.Parameters.Add("$account", account);
        command.Parameters.Add("$at", StoreTime.Format(at));
        command.Parameters.Add("$ok", error is null ? 1 : 0);
        command.Parameters.Add("$summary", summary);
        command.Parameters.Add("$error", error is null ? null : Truncate(error));
        command.Parameters.Add("$errorAt", error is null ? null : StoreTime.Format(at));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordIdleAsync(string account, bool connected, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = """
            INSERT INTO account_activity (account, idle_connected, idle_changed_at, updated_at) VALUES ($account, $idle, $at, $at)
            ON CONFLICT (account) DO UPDATE SET idle_connected = excluded.idle_connected, idle_changed_at = excluded.idle_changed_at,
                updated_at = excluded.updated_at
            """;
        command.Parameters.Add("$account", account);
        command.Parameters.Add("$idle", connected ? 1 : 0);
        command.Parameters.Add("$at", StoreTime.Format(at));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AccountActivity>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT account, last_poll_at, last_poll_succeeded, last_poll_summary, last_error, last_error_at, idle_connected, idle_changed_at, updated_at
            FROM account_activity ORDER BY account
            """;
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<AccountActivity>();
        while (await r.ReadAsync(cancellationToken))
        {
            result.Add(new AccountActivity
            {
                Account = r.GetString(0),
                LastPollAt = StoreTime.ParseOrNull(r.GetValue(1)),
                LastPollSucceeded = r.IsDBNull(2) ? null : r.GetInt64(2) != 0,
                LastPollSummary = SqliteRows.Text(r, 3),
                LastError = SqliteRows.Text(r, 4),
                LastErrorAt = StoreTime.ParseOrNull(r.GetValue(5)),
                IdleConnected = r.GetInt64(6) != 0,
                IdleChangedAt = StoreTime.ParseOrNull(r.GetValue(7)),
                UpdatedAt = StoreTime.Parse(r.GetString(8)),
            });
        }

        return result;
    }

    private static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength] + "…";
}
