using AckPoller.Core.Alerts;

namespace AckPoller.Core.Storage.PostgreSql;

public sealed class PostgreSqlAlertStore(IDatabaseConnectionFactory connections) : PostgreSqlStoreBase(connections), IAlertStore
{
    private const string Select = $"SELECT {PostgreSqlRows.AlertColumns} FROM alerts";

    public Task<Alert?> GetAsync(long id, CancellationToken cancellationToken) =>
        FirstAsync($"{Select} WHERE id = @v", p => p.AddBigint("v", id), cancellationToken);

    public Task<Alert?> FindByReferenceAsync(AlertReference reference, CancellationToken cancellationToken) =>
        FirstAsync($"{Select} WHERE reference = @v", p => p.AddText("v", reference.ToString()), cancellationToken);

    public Task<Alert?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken) =>
        FirstAsync($"{Select} WHERE message_id = @v", p => p.AddText("v", messageId), cancellationToken);

    public Task<IReadOnlyList<Alert>> ListAsync(AlertState? state, int limit, CancellationToken cancellationToken) =>
        ReadAsync(
            state is null
                ? $"{Select} ORDER BY created_at DESC, id DESC LIMIT @limit"
                : $"{Select} WHERE state = @state ORDER BY updated_at DESC, id DESC LIMIT @limit",
            p =>
            {
                if (state is not null)
                {
                    p.AddText("state", state.ToString());
                }

                p.Add("limit", Math.Clamp(limit, 1, 10_000));
            },
            PostgreSqlRows.ReadAlert,
            cancellationToken);

    public Task<IReadOnlyList<Alert>> ListAsync(AlertState? state, DateTimeOffset? since, int limit, CancellationToken cancellationToken) =>
        since is null
            ? ListAsync(state, limit, cancellationToken)
            : ReadAsync(
                state is null
                    ? $"{Select} WHERE created_at >= @since ORDER BY created_at DESC, id DESC LIMIT @limit"
                    : $"{Select} WHERE created_at >= @since AND state = @state ORDER BY created_at DESC, id DESC LIMIT @limit",
                p =>
                {
                    p.AddTime("since", since);
                    if (state is not null)
                    {
                        p.AddText("state", state.ToString());
                    }

                    p.Add("limit", Math.Clamp(limit, 1, 10_000));
                },
                PostgreSqlRows.ReadAlert,
                cancellationToken);

    public Task<IReadOnlyList<Alert>> ListSnoozeEndedAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        ReadAsync(
            $"{Select} WHERE state = 'Snoozed' AND snoozed_until <= @now ORDER BY snoozed_until, id LIMIT @limit",
            p =>
            {
                p.AddTime("now", now);
                p.Add("limit", Math.Clamp(limit, 1, 10_000));
            },
            PostgreSqlRows.ReadAlert,
            cancellationToken);

    private async Task<Alert?> FirstAsync(string sql, Action<Npgsql.NpgsqlParameterCollection> bind, CancellationToken cancellationToken) =>
        First(await ReadAsync(sql, bind, PostgreSqlRows.ReadAlert, cancellationToken));
}
