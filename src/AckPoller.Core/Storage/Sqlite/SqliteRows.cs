using System.Data.Common;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary>Column lists, row readers and parameter helpers shared by the SQLite stores and the unit of work.</summary>
internal static class SqliteRows
{
    public const string AlertColumns = "id, reference, subject, body, severity, source, recipients, message_id, state, snoozed_until, " +
        "acknowledged_by, acknowledged_by_name, acknowledged_at, created_at, updated_at";

    public const string LogColumns = "id, alert_id, alert_reference, action, argument, actor_address, actor_name, received_at, processed_at, " +
        "source_message_id, account, protocol, message_key, comment, outcome, reason";

    public const string OutboxColumns = "id, kind, alert_id, recipients, message_id, raw, state, attempts, next_attempt_at, last_error, created_at, sent_at";

    public static void Add(this SqliteParameterCollection parameters, string name, object? value) =>
        parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));

    public static string? Time(DateTimeOffset? value) => value is { } v ? StoreTime.Format(v) : null;

    /// <summary>Addresses cannot contain line breaks, so a list is stored one per line.</summary>
    public static string JoinList(IReadOnlyList<string> values) => string.Join('\n', values);

    public static IReadOnlyList<string> SplitList(string value) =>
        value.Length == 0 ? [] : value.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static Alert ReadAlert(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Reference = AlertReference.Parse(r.GetString(1)),
        Subject = r.GetString(2),
        Body = r.GetString(3),
        Severity = Text(r, 4),
        Source = Text(r, 5),
        Recipients = SplitList(r.GetString(6)),
        MessageId = Text(r, 7),
        State = Enum.Parse<AlertState>(r.GetString(8)),
        SnoozedUntil = StoreTime.ParseOrNull(Text(r, 9)),
        AcknowledgedBy = Text(r, 10),
        AcknowledgedByName = Text(r, 11),
        AcknowledgedAt = StoreTime.ParseOrNull(Text(r, 12)),
        CreatedAt = StoreTime.Parse(r.GetString(13)),
        UpdatedAt = StoreTime.Parse(r.GetString(14)),
    };

    public static AckLogEntry ReadLogEntry(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        AlertId = r.IsDBNull(1) ? null : r.GetInt64(1),
        AlertReference = Text(r, 2) is { } reference ? AlertReference.Parse(reference) : null,
        Action = Text(r, 3) is { } action ? Enum.Parse<AckAction>(action) : null,
        Argument = Text(r, 4),
        ActorAddress = Text(r, 5),
        ActorName = Text(r, 6),
        ReceivedAt = StoreTime.Parse(r.GetString(7)),
        ProcessedAt = StoreTime.Parse(r.GetString(8)),
        SourceMessageId = Text(r, 9),
        Account = r.GetString(10),
        Protocol = r.GetString(11),
        MessageKey = r.GetString(12),
        Comment = Text(r, 13),
        Outcome = Enum.Parse<AckOutcome>(r.GetString(14)),
        Reason = r.GetString(15),
    };

    public static OutboxMessage ReadOutbox(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Kind = Enum.Parse<OutboxKind>(r.GetString(1)),
        AlertId = r.IsDBNull(2) ? null : r.GetInt64(2),
        Recipients = SplitList(r.GetString(3)),
        MessageId = r.GetString(4),
        Raw = (byte[])r.GetValue(5),
        State = Enum.Parse<OutboxState>(r.GetString(6)),
        Attempts = r.GetInt32(7),
        NextAttemptAt = StoreTime.Parse(r.GetString(8)),
        LastError = Text(r, 9),
        CreatedAt = StoreTime.Parse(r.GetString(10)),
        SentAt = StoreTime.ParseOrNull(Text(r, 11)),
    };

    public static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    public static async Task<Alert?> ReadSingleAlertAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAlert(reader) : null;
    }

    /// <summary>Binds the alert's writable columns as $reference, $subject, … $updated_at.</summary>
    public static void BindAlert(SqliteParameterCollection p, Alert alert)
    {
        p.Add("$reference", alert.Reference.ToString());
        p.Add("$subject", alert.Subject);
        p.Add("$body", alert.Body);
        p.Add("$severity", alert.Severity);
        p.Add("$source", alert.Source);
        p.Add("$recipients", JoinList(alert.Recipients));
        p.Add("$message_id", alert.MessageId);
        p.Add("$state", alert.State.ToString());
        p.Add("$snoozed_until", Time(alert.SnoozedUntil));
        p.Add("$acknowledged_by", alert.AcknowledgedBy);
        p.Add("$acknowledged_by_name", alert.AcknowledgedByName);
        p.Add("$acknowledged_at", Time(alert.AcknowledgedAt));
        p.Add("$created_at", StoreTime.Format(alert.CreatedAt));
        p.Add("$updated_at", StoreTime.Format(alert.UpdatedAt));
    }

    public static void BindOutbox(SqliteParameterCollection p, OutboxMessage message)
    {
        p.Add("$kind", message.Kind.ToString());
        p.Add("$alert_id", message.AlertId);
        p.Add("$recipients", JoinList(message.Recipients));
        p.Add("$message_id", message.MessageId);
        p.Add("$raw", message.Raw.ToArray());
        p.Add("$state", OutboxState.Pending.ToString());
        p.Add("$next_attempt_at", StoreTime.Format(message.NextAttemptAt));
        p.Add("$created_at", StoreTime.Format(message.CreatedAt));
    }

    public const string InsertOutboxSql = """
        INSERT INTO outbox (kind, alert_id, recipients, message_id, raw, state, attempts, next_attempt_at, created_at, updated_at)
        VALUES ($kind, $alert_id, $recipients, $message_id, $raw, $state, 0, $next_attempt_at, $created_at, $created_at)
        RETURNING id
        """;
}
