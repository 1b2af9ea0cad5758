using System.Data.Common;
using AckPoller.Core.Alerts;
using AckPoller.Core.Webhooks;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary><see cref="IWebhookDeliveryStore"/> in webhook_deliveries and integration_cursors (PostgreSQL migration 10).</summary>
internal sealed class PostgreSqlWebhookDeliveryStore(IDatabaseConnectionFactory connections) : PostgreSqlStoreBase(connections), IWebhookDeliveryStore
{
    private const string LogCursor = "webhooks-log";
    private const string AlertCursor = "webhooks-alerts";
    private const string Columns = "id, webhook, event_id, event_type, alert_reference, payload, state, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at";
    private const int MaxErrorLength = 2000;

    public async Task<NewWebhookEvents> NewEventsAsync(int limit, CancellationToken cancellationToken)
    {
        await ExecuteAsync($"""
            INSERT INTO integration_cursors (name, position) SELECT '{LogCursor}', COALESCE(MAX(id), 0) FROM ack_log ON CONFLICT (name) DO NOTHING;
            INSERT INTO integration_cursors (name, position) SELECT '{AlertCursor}', COALESCE(MAX(id), 0) FROM alerts ON CONFLICT (name) DO NOTHING;
            """, None, cancellationToken);
        var log = await ReadAsync(
            $"SELECT {PostgreSqlRows.LogColumns} FROM ack_log WHERE id > (SELECT position FROM integration_cursors WHERE name = '{LogCursor}') ORDER BY id LIMIT @limit",
            p => p.Add("limit", limit), PostgreSqlRows.ReadLogEntry, cancellationToken);
        var alerts = await ReadAsync(
            $"SELECT {PostgreSqlRows.AlertColumns} FROM alerts WHERE id > (SELECT position FROM integration_cursors WHERE name = '{AlertCursor}') ORDER BY id LIMIT @limit",
            p => p.Add("limit", limit), PostgreSqlRows.ReadAlert, cancellationToken);
        return new NewWebhookEvents([.. log], [.. alerts], log.Count > 0 ? log[^1].Id : 0, alerts.Count > 0 ? alerts[^1].Id : 0);
    }

    public async Task EnqueueAsync(IReadOnlyList<WebhookDelivery> deliveries, long logCursor, long alertCursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        await using var connection = (Npgsql.NpgsqlConnection)await Connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var d in deliveries)
        {
            await using var insert = new Npgsql.NpgsqlCommand("""
                INSERT INTO webhook_deliveries (webhook, event_id, event_type, alert_reference, payload, state, attempts, next_attempt_at, created_at)
                VALUES (@webhook, @event_id, @event_type, @alert_reference, @payload, 'Pending', 0, @next, @created)
                ON CONFLICT (webhook, event_id) DO NOTHING
                """, connection, transaction);
            var p = insert.Parameters;
            p.AddText("webhook", d.Webhook);
            p.AddText("event_id", d.EventId);
            p.AddText("event_type", d.EventType);
            p.AddText("alert_reference", d.AlertReference);
            p.AddText("payload", d.Payload);
            p.AddTime("next", d.NextAttemptAt);
            p.AddTime("created", d.CreatedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (name, position) in new[] { (LogCursor, logCursor), (AlertCursor, alertCursor) })
        {
            if (position <= 0)
            {
                continue;
            }

            await using var move = new Npgsql.NpgsqlCommand("UPDATE integration_cursors SET position = GREATEST(position, @position) WHERE name = @name", connection, transaction);
            move.Parameters.AddBigint("position", position);
            move.Parameters.AddText("name", name);
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<WebhookDelivery>> PendingAsync(int limit, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {Columns} FROM webhook_deliveries WHERE state = 'Pending' ORDER BY id LIMIT @limit", p => p.Add("limit", limit), Read, cancellationToken);

    public Task UpdateAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return ExecuteAsync(
            """
            UPDATE webhook_deliveries SET state = @state, attempts = @attempts, next_attempt_at = @next, last_status = @status,
                last_error = @error, delivered_at = @delivered WHERE id = @id
            """,
            p =>
            {
                p.AddText("state", delivery.State.ToString());
                p.Add("attempts", delivery.Attempts);
                p.AddTime("next", delivery.NextAttemptAt);
                p.Add(new Npgsql.NpgsqlParameter("status", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)delivery.LastStatus ?? DBNull.Value });
                p.AddText("error", delivery.LastError is { Length: > MaxErrorLength } e ? e[..MaxErrorLength] : delivery.LastError);
                p.AddTime("delivered", delivery.DeliveredAt);
                p.AddBigint("id", delivery.Id);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<WebhookDelivery>> ListAsync(WebhookDeliveryState? state, string? webhook, int limit, CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT {Columns} FROM webhook_deliveries WHERE (@state::text IS NULL OR state = @state::text) AND (@webhook::text IS NULL OR webhook = @webhook::text) ORDER BY id DESC LIMIT @limit",
            p =>
            {
                p.AddText("state", state?.ToString());
                p.AddText("webhook", webhook);
                p.Add("limit", limit);
            },
            Read,
            cancellationToken);

    public async Task<WebhookDelivery?> FindAsync(long id, CancellationToken cancellationToken) =>
        First(await ReadAsync($"SELECT {Columns} FROM webhook_deliveries WHERE id = @id", p => p.AddBigint("id", id), Read, cancellationToken));

    public async Task<bool> RedeliverAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE webhook_deliveries SET state = 'Pending', attempts = 0, next_attempt_at = @now, delivered_at = NULL WHERE id = @id",
            p =>
            {
                p.AddTime("now", now);
                p.AddBigint("id", id);
            },
            cancellationToken) == 1;

    private static WebhookDelivery Read(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Webhook = r.GetString(1),
        EventId = r.GetString(2),
        EventType = r.GetString(3),
        AlertReference = PostgreSqlRows.Text(r, 4),
        Payload = r.GetString(5),
        State = Enum.Parse<WebhookDeliveryState>(r.GetString(6)),
        Attempts = r.GetInt32(7),
        NextAttemptAt = PostgreSqlRows.Time(r, 8),
        LastStatus = r.IsDBNull(9) ? null : r.GetInt32(9),
        LastError = PostgreSqlRows.Text(r, 10),
        CreatedAt = PostgreSqlRows.Time(r, 11),
        DeliveredAt = PostgreSqlRows.TimeOrNull(r, 12),
    };
}
