using AckPoller.Core.Accounts;

namespace AckPoller.Core.Storage.PostgreSql;

public sealed class PostgreSqlAccountActivityStore(IDatabaseConnectionFactory connections) : PostgreSqlStoreBase(connections), IAccountActivityStore
{
    private const int MaxErrorLength = 2000;

    public Task RecordPollAsync(string account, DateTimeOffset at, string summary, string? error, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            INSERT INTO account_activity (account, last_poll_at, last_poll_succeeded, last_poll_summary, last_error, last_error_at, updated_at)
            VALUES (@account, @at, @ok, @summary, @error, @error_at, @at)
            ON CONFLICT (account) DO UPDATE SET
                last_poll_at = excluded.last_poll_at,
                last_poll_succeeded = excluded.last_poll_succeeded,
                last_poll_summary = excluded.last_poll_summary,
                last_error = COALESCE(excluded.last_error, account_activity.last_error),
                last_error_at = COALESCE(excluded.last_error_at, account_activity.last_error_at),
                updated_at = excluded.updated_at
            """,
            p =>
            {
                p.AddText("account", account);
                p.AddTime("at", at);
                p.Add("ok", error is null);
                p.AddText("summary", summary);
                p.AddText("error", error is null ? null : Truncate(error));
                p.AddTime("error_at", error is null ? null : at);
            },
            cancellationToken);

    public Task RecordIdleAsync(string account, bool connected, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            INSERT INTO account_activity (account, idle_connected, idle_changed_at, updated_at) VALUES (@account, @idle, @at, @at)
            ON CONFLICT (account) DO UPDATE SET idle_connected = excluded.idle_connected, idle_changed_at = excluded.idle_changed_at,
                updated_at = excluded.updated_at
            """,
            p =>
            {
                p.AddText("account", account);
                p.Add("idle", connected);
                p.AddTime("at", at);
            },
            cancellationToken);

    public Task<IReadOnlyList<AccountActivity>> GetAllAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            """
            SELECT account, last_poll_at, last_poll_succeeded, last_poll_summary, last_error, last_error_at, idle_connected, idle_changed_at, updated_at
            FROM account_activity ORDER BY account
            """,
            None,
            r => new AccountActivity
            {
                Account = r.GetString(0),
                LastPollAt = PostgreSqlRows.TimeOrNull(r, 1),
                LastPollSucceeded = r.IsDBNull(2) ? null : r.GetBoolean(2),
                LastPollSummary = PostgreSqlRows.Text(r, 3),
                LastError = PostgreSqlRows.Text(r, 4),
                LastErrorAt = PostgreSqlRows.TimeOrNull(r, 5),
                IdleConnected = r.GetBoolean(6),
                IdleChangedAt = PostgreSqlRows.TimeOrNull(r, 7),
                UpdatedAt = PostgreSqlRows.Time(r, 8),
            },
            cancellationToken);

    private static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength] + "…";
}
