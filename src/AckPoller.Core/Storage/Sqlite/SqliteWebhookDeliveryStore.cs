using System.Data.Common;
using AckPoller.Core.Alerts;
using AckPoller.Core.Webhooks;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary><see cref="IWebhookDeliveryStore"/> in webhook_deliveries and integration_cursors (migrations 25, 26).</summary>
internal sealed class SqliteWebhookDeliveryStore(IDatabaseConnectionFactory connections) : IWebhookDeliveryStore
{
    private const string LogCursor = "webhooks-log";
    private const string AlertCursor = "webhooks-alerts";
    private const string Columns = "id, webhook, event_id, event_type, alert_reference, payload, state, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at";
    private const int MaxErrorLength = 2000;

    public async Task<NewWebhookEvents> NewEventsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await connections.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"""
            INSERT INTO integration_cursors (name, position) SELECT '{LogCursor}', COALESCE(MAX(id), 0) FROM ack_log WHERE true ON CONFLICT (name) DO NOTHING;
            INSERT INTO integration_cursors (name, position) SELECT '{AlertCursor}', COALESCE(MAX(id), 0) FROM alerts WHERE true ON CONFLICT (name) DO NOTHING;
            """, cancellationToken);
        var log = new List<AckLogEntry>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {SqliteRows.LogColumns} FROM ack_log WHERE id > (SELECT position FROM integration_cursors WHERE name = '{LogCursor}') ORDER BY id LIMIT $limit";
            command.Parameters.Add("$limit", limit);
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                log.Add(SqliteRows.ReadLogEntry(r));
            }
        }

        var alerts = new List<Alert>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {SqliteRows.AlertColumns} FROM alerts WHERE id > (SELECT position FROM integration_cursors WHERE name = '{AlertCursor}') ORDER BY id LIMIT $limit";
            command.Parameters.Add("$limit", limit);
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                alerts.Add(SqliteRows.ReadAlert(r));
            }
        }

        return new NewWebhookEvents(log, alerts, log.Count > 0 ? log[^1].Id : 0, alerts.Count > 0 ? alerts[^1].Id : 0);
    }

    public async Task EnqueueAsync(IReadOnlyList<WebhookDelivery> deliveries, long logCursor, long alertCursor, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var d in deliveries)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO webhook_deliveries (webhook, event_id, event_type, alert_reference, payload, state, attempts, next_attempt_at, created_at)
                VALUES ($webhook, $event_id, $event_type, $alert_reference, $payload, 'Pending', 0, $next, $created)
                ON CONFLICT (webhook, event_id) DO NOTHING
                """;
            var p = insert.Parameters;
            p.Add("$webhook", d.Webhook);
            p.Add("$event_id", d.EventId);
            p.Add("$event_type", d.EventType);
            p.Add("$alert_reference", d.AlertReference);
            p.Add("$payload", d.Payload);
            p.Add("$next", StoreTime.Format(d.NextAttemptAt));
            p.Add("$created", StoreTime.Format(d.CreatedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (name, position) in new[] { (LogCursor, logCursor), (AlertCursor, alertCursor) })
        {
            if (position <= 0)
            {
                continue;
            }

            await using var move = connection.CreateCommand();
            move.Transaction = transaction;
            move.CommandText = "UPDATE integration_cursors SET position = MAX(position, $position) WHERE name = $name";
            move.Parameters.Add("$position", position);
            move.Parameters.Add("$name", name);
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<WebhookDelivery>> PendingAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM webhook_deliveries WHERE state = 'Pending' ORDER BY id LIMIT $limit", p => p.Add("$limit", limit), cancellationToken);

    public async Task UpdateAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE webhook_deliveries SET state = $state, attempts = $attempts, next_attempt_at = $next, last_status = $status,
                last_error = $error, delivered_at = $delivered WHERE id = $id
            """;
        var p = command.Parameters;
        p.Add("$state", delivery.State.ToString());
        p.Add("$attempts", delivery.Attempts);
        p.Add("$next", StoreTime.Format(delivery.NextAttemptAt));
        p.Add("$status", delivery.LastStatus);
        p.Add("$error", delivery.LastError is { Length: > MaxErrorLength } e ? e[..MaxErrorLength] : delivery.LastError);
        p.Add("$delivered", SqliteRows.Time(delivery.DeliveredAt));
        p.Add("$id", delivery.Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<WebhookDelivery>> ListAsync(WebhookDeliveryState? state, string? webhook, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM webhook_deliveries WHERE ($state IS NULL OR state = $state) AND ($webhook IS NULL OR webhook = $webhook) ORDER BY id DESC LIMIT $limit",
            p => { p.Add("$state", state?.ToString()); p.Add("$webhook", webhook); p.Add("$limit", limit); }, cancellationToken);

    public async Task<WebhookDelivery?> FindAsync(long id, CancellationToken cancellationToken)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM webhook_deliveries WHERE id = $id", p => p.Add("$id", id), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<bool> RedeliverAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE webhook_deliveries SET state = 'Pending', attempts = 0, next_attempt_at = $now, delivered_at = NULL WHERE id = $id";
        command.Parameters.Add("$now", StoreTime.Format(now));
        command.Parameters.Add("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<IReadOnlyList<WebhookDelivery>> QueryAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command.Parameters);
        var result = new List<WebhookDelivery>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            result.Add(Read(r));
        }

        return result;
    }

    private static WebhookDelivery Read(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Webhook = r.GetString(1),
        EventId = r.GetString(2),
        EventType = r.GetString(3),
        AlertReference = SqliteRows.Text(r, 4),
        Payload = r.GetString(5),
        State = Enum.Parse<WebhookDeliveryState>(r.GetString(6)),
        Attempts = r.GetInt32(7),
        NextAttemptAt = StoreTime.Parse(r.GetString(8)),
        LastStatus = r.IsDBNull(9) ? null : r.GetInt32(9),
        LastError = SqliteRows.Text(r, 10),
        CreatedAt = StoreTime.Parse(r.GetString(11)),
        DeliveredAt = SqliteRows.Text(r, 12) is { } at ? StoreTime.Parse(at) : null,
    };

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
