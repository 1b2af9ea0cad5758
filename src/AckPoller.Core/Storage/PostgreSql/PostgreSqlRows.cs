using System.Data.Common;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using Npgsql;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>Column lists, row readers and parameter helpers shared by the PostgreSQL stores and the unit of work.
/// Times are timestamptz (microseconds, UTC); lists are text[]; enums are their names.</summary>
internal static class PostgreSqlRows
{
    public const string AlertColumns = "id, reference, subject, body, severity, source, recipients, message_id, state, snoozed_until, " +
        "acknowledged_by, acknowledged_by_name, acknowledged_at, created_at, updated_at";

    public const string LogColumns = "id, alert_id, alert_reference, action, argument, actor_address, actor_name, received_at, processed_at, " +
        "source_message_id, account, protocol, message_key, comment, outcome, reason";

    public const string OutboxColumns = "id, kind, alert_id, recipients, message_id, raw, state, attempts, next_attempt_at, last_error, created_at, sent_at";

    public const string InsertOutboxSql = """
        INSERT INTO outbox (kind, alert_id, recipients, message_id, raw, state, attempts, next_attempt_at, created_at, updated_at)
        VALUES (@kind, @alert_id, @recipients, @message_id, @raw, 'Pending', 0, @next_attempt_at, @created_at, @created_at)
        RETURNING id
        """;

    public static void Add(this NpgsqlParameterCollection parameters, string name, object? value) =>
        parameters.AddWithValue(name, value switch
        {
            null => DBNull.Value,
            DateTimeOffset time => time.ToUniversalTime(),
            _ => value,
        });

    public static void AddTime(this NpgsqlParameterCollection parameters, string name, DateTimeOffset? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value });

    public static void AddText(this NpgsqlParameterCollection parameters, string name, string? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });

    public static void AddBigint(this NpgsqlParameterCollection parameters, string name, long? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)value ?? DBNull.Value });

    public static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    public static DateTimeOffset Time(DbDataReader r, int ordinal) => r.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? TimeOrNull(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetFieldValue<DateTimeOffset>(ordinal);

    public static Alert ReadAlert(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Reference = AlertReference.Parse(r.GetString(1)),
        Subject = r.GetString(2),
        Body = r.GetString(3),
        Severity = Text(r, 4),
        Source = Text(r, 5),
        Recipients = r.GetFieldValue<string[]>(6),
        MessageId = Text(r, 7),
        State = Enum.Parse<AlertState>(r.GetString(8)),
        SnoozedUntil = TimeOrNull(r, 9),
        AcknowledgedBy = Text(r, 10),
        AcknowledgedByName = Text(r, 11),
        AcknowledgedAt = TimeOrNull(r, 12),
        CreatedAt = Time(r, 13),
        UpdatedAt = Time(r, 14),
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
        ReceivedAt = Time(r, 7),
        ProcessedAt = Time(r, 8),
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
        Recipients = r.GetFieldValue<string[]>(3),
        MessageId = r.GetString(4),
        Raw = r.GetFieldValue<byte[]>(5),
        State = Enum.Parse<OutboxState>(r.GetString(6)),
        Attempts = r.GetInt32(7),
        NextAttemptAt = Time(r, 8),
        LastError = Text(r, 9),
        CreatedAt = Time(r, 10),
        SentAt = TimeOrNull(r, 11),
    };

    /// <summary>Binds the alert's writable columns as @reference, @subject, … @updated_at.</summary>
    public static void BindAlert(NpgsqlParameterCollection p, Alert alert)
    {
        p.AddText("reference", alert.Reference.ToString());
        p.AddText("subject", alert.Subject);
        p.AddText("body", alert.Body);
        p.AddText("severity", alert.Severity);
        p.AddText("source", alert.Source);
        p.Add("recipients", alert.Recipients.ToArray());
        p.AddText("message_id", alert.MessageId);
        p.AddText("state", alert.State.ToString());
        p.AddTime("snoozed_until", alert.SnoozedUntil);
        p.AddText("acknowledged_by", alert.AcknowledgedBy);
        p.AddText("acknowledged_by_name", alert.AcknowledgedByName);
        p.AddTime("acknowledged_at", alert.AcknowledgedAt);
        p.AddTime("created_at", alert.CreatedAt);
        p.AddTime("updated_at", alert.UpdatedAt);
    }

    public static void BindOutbox(NpgsqlParameterCollection p, OutboxMessage message)
    {
        p.AddText("kind", message.Kind.ToString());
        p.AddBigint("alert_id", message.AlertId);
        p.Add("recipients", message.Recipients.ToArray());
        p.AddText("message_id", message.MessageId);
        p.Add("raw", message.Raw.ToArray());
        p.AddTime("next_attempt_at", message.NextAttemptAt);
        p.AddTime("created_at", message.CreatedAt);
    }

    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(read(reader));
        }

        return result;
    }
}
