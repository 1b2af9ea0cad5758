using System.Globalization;
using AckPoller.Core.Outbox;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>The outbox in PostgreSQL. A message is claimed row by row: the claim locks the row with FOR UPDATE SKIP
/// LOCKED, so two nodes claiming the same message never wait on each other and exactly one of them gets it.</summary>
public sealed class PostgreSqlOutboxStore(IDatabaseConnectionFactory connections) : PostgreSqlStoreBase(connections), IOutboxStore
{
    private const int MaxErrorLength = 2000;
    private const string Select = $"SELECT {PostgreSqlRows.OutboxColumns} FROM outbox";

    public async Task<long> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return (long)(await ScalarAsync(PostgreSqlRows.InsertOutboxSql, p => PostgreSqlRows.BindOutbox(p, message), cancellationToken))!;
    }

    public async Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken) =>
        First(await ReadAsync($"{Select} WHERE id = @id", p => p.AddBigint("id", id), PostgreSqlRows.ReadOutbox, cancellationToken));

    public Task<IReadOnlyList<OutboxMessage>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        ReadAsync(
            $"{Select} WHERE state = 'Pending' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit",
            p =>
            {
                p.AddTime("now", now);
                p.Add("limit", Math.Max(1, limit));
            },
            PostgreSqlRows.ReadOutbox,
            cancellationToken);

    public async Task RecordDeliveredAsync(long id, IReadOnlyList<string> recipients, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            return;
        }

        await ExecuteAsync(
            "INSERT INTO outbox_delivered (outbox_id, address, delivered_at) SELECT @id, address, @at FROM unnest(@addresses) AS address ON CONFLICT DO NOTHING",
            p =>
            {
                p.AddBigint("id", id);
                p.AddTime("at", at);
                p.Add("addresses", recipients.ToArray());
            },
            cancellationToken);
    }

    public async Task<IReadOnlySet<string>> DeliveredAsync(long id, CancellationToken cancellationToken) =>
        new HashSet<string>(await ReadAsync("SELECT address FROM outbox_delivered WHERE outbox_id = @id", p => p.AddBigint("id", id), r => r.GetString(0), cancellationToken),
            StringComparer.OrdinalIgnoreCase);

    public async Task<bool> TryClaimAsync(long id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            """
            UPDATE outbox SET next_attempt_at = @lease, updated_at = @now
            WHERE id = (SELECT id FROM outbox WHERE id = @id AND state = 'Pending' AND next_attempt_at <= @now FOR UPDATE SKIP LOCKED)
            """,
            p =>
            {
                p.AddBigint("id", id);
                p.AddTime("now", now);
                p.AddTime("lease", leaseUntil);
            },
            cancellationToken) == 1;

    public Task MarkSentAsync(long id, DateTimeOffset at, int attempts, string? note, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET state = 'Sent', sent_at = @at, attempts = @attempts, last_error = @note, updated_at = @at WHERE id = @id",
            p =>
            {
                p.AddBigint("id", id);
                p.AddTime("at", at);
                p.Add("attempts", attempts);
                p.AddText("note", Cap(note));
            },
            cancellationToken);

    public Task ScheduleRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET attempts = @attempts, next_attempt_at = @next, last_error = @error, updated_at = @now WHERE id = @id AND state = 'Pending'",
            p =>
            {
                p.AddBigint("id", id);
                p.Add("attempts", attempts);
                p.AddTime("next", nextAttemptAt);
                p.AddText("error", Cap(error));
                p.AddTime("now", now);
            },
            cancellationToken);

    public Task MarkDeadAsync(long id, int attempts, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET state = 'Dead', attempts = @attempts, last_error = @reason, updated_at = @now WHERE id = @id AND state = 'Pending'",
            p =>
            {
                p.AddBigint("id", id);
                p.Add("attempts", attempts);
                p.AddText("reason", Cap(reason));
                p.AddTime("now", now);
            },
            cancellationToken);

    public async Task<int> CountAsync(OutboxState state, CancellationToken cancellationToken) =>
        Convert.ToInt32(await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE state = @state", p => p.AddText("state", state.ToString()), cancellationToken), CultureInfo.InvariantCulture);

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxState? state, int limit, CancellationToken cancellationToken) =>
        ReadAsync(
            state is null
                ? $"{Select} ORDER BY id DESC LIMIT @limit"
                : $"{Select} WHERE state = @state ORDER BY created_at DESC, id DESC LIMIT @limit",
            p =>
            {
                if (state is not null)
                {
                    p.AddText("state", state.ToString());
                }

                p.Add("limit", Math.Clamp(limit, 1, 10_000));
            },
            PostgreSqlRows.ReadOutbox,
            cancellationToken);

    private static string? Cap(string? text) => text is { Length: > MaxErrorLength } ? text[..MaxErrorLength] : text;
}
