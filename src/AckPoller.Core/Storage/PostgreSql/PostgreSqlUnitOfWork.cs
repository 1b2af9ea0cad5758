using AckPoller.Core.Alerts;
using AckPoller.Core.Outbox;
using Npgsql;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>One READ COMMITTED transaction on its own connection; rolled back on dispose unless committed. It gives the
/// guarantees SQLite's single writer gives, per row instead of for the whole database:
/// <list type="bullet">
/// <item>an alert read here is locked (SELECT … FOR UPDATE) until commit, so a decision taken on it holds, and a second
/// transaction reading it waits and then sees the committed change;</item>
/// <item>looking up a processed message, or an alert by reference or Message-ID, first takes a transaction-level advisory
/// lock on that key, so two nodes handling the same message (or registering the same alert) run one after the other
/// and the second sees the first's rows instead of inserting twice.</item>
/// </list>
/// Round trips are kept few, since each one waits for the server (and, on a loaded machine, for its turn on a core): an
/// advisory lock is sent in the same batch as the statement it guards, a key already locked by this transaction is not
/// locked again, and <see cref="InsertProcessedAsync"/> (which returns nothing) is sent with the next statement or at
/// commit. Statements still run in the order they were called; a deferred insert's failure surfaces from that next call
/// or from <see cref="CommitAsync"/>, and the transaction is then rolled back as before.</summary>
internal sealed class PostgreSqlUnitOfWork : IUnitOfWork
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly HashSet<string> _locked = new(StringComparer.Ordinal);
    private readonly List<NpgsqlBatchCommand> _pending = [];
    private bool _committed;
    private bool _failed;

    public PostgreSqlUnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public async Task<ProcessedMessage?> FindProcessedAsync(string account, string messageKey, CancellationToken cancellationToken)
    {
        await using var batch = Batch("processed", account + "\n" + messageKey, """
            SELECT account, message_key, message_id, outcome, reason, alert_id, processed_at
            FROM processed_messages WHERE account = @account AND message_key = @key
            """, p =>
        {
            p.AddText("account", account);
            p.AddText("key", messageKey);
        });
        await using var r = await ReaderAsync(batch, cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ProcessedMessage(r.GetString(0), r.GetString(1), PostgreSqlRows.Text(r, 2), Enum.Parse<AckOutcome>(r.GetString(3)), r.GetString(4),
            r.IsDBNull(5) ? null : r.GetInt64(5), PostgreSqlRows.Time(r, 6));
    }

    public Task InsertProcessedAsync(ProcessedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var command = new NpgsqlBatchCommand("""
            INSERT INTO processed_messages (account, message_key, message_id, outcome, reason, alert_id, processed_at)
            VALUES (@account, @key, @message_id, @outcome, @reason, @alert_id, @at)
            """);
        var p = command.Parameters;
        p.AddText("account", message.Account);
        p.AddText("key", message.MessageKey);
        p.AddText("message_id", message.MessageId);
        p.AddText("outcome", message.Outcome.ToString());
        p.AddText("reason", message.Reason);
        p.AddBigint("alert_id", message.AlertId);
        p.AddTime("at", message.ProcessedAt);

        // Sent with the next statement (or at commit): nothing is read back, and the statements keep their order.
        if (LockCommand("processed", message.Account + "\n" + message.MessageKey) is { } lockCommand)
        {
            _pending.Add(lockCommand);
        }

        _pending.Add(command);
        return Task.CompletedTask;
    }

    public Task<Alert?> FindAlertAsync(long id, CancellationToken cancellationToken) =>
        FindAlertAsync(null, null, "id = @v", p => p.AddBigint("v", id), cancellationToken);

    public async Task<Alert?> FindAlertByReferenceAsync(AlertReference reference, CancellationToken cancellationToken)
    {
        var value = reference.ToString();
        return await FindAlertAsync("alert-reference", value, "reference = @v", p => p.AddText("v", value), cancellationToken);
    }

    public async Task<Alert?> FindAlertByMessageIdAsync(string messageId, CancellationToken cancellationToken)
    {
        return await FindAlertAsync("alert-message-id", messageId, "message_id = @v", p => p.AddText("v", messageId), cancellationToken);
    }

    public async Task<Alert> InsertAlertAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var batch = Batch("""
            INSERT INTO alerts (reference, subject, body, severity, source, recipients, message_id, state, snoozed_until,
                                acknowledged_by, acknowledged_by_name, acknowledged_at, created_at, updated_at)
            VALUES (@reference, @subject, @body, @severity, @source, @recipients, @message_id, @state, @snoozed_until,
                    @acknowledged_by, @acknowledged_by_name, @acknowledged_at, @created_at, @updated_at)
            RETURNING id
            """);
        PostgreSqlRows.BindAlert(Target(batch).Parameters, alert);
        var id = await IdAsync(batch, cancellationToken);
        return alert with { Id = id };
    }

    public async Task UpdateAlertStateAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var batch = Batch("""
            UPDATE alerts SET state = @state, snoozed_until = @snoozed_until, acknowledged_by = @acknowledged_by,
                acknowledged_by_name = @acknowledged_by_name, acknowledged_at = @acknowledged_at, updated_at = @updated_at
            WHERE id = @id
            """);
        var p = Target(batch).Parameters;
        p.AddText("state", alert.State.ToString());
        p.AddTime("snoozed_until", alert.SnoozedUntil);
        p.AddText("acknowledged_by", alert.AcknowledgedBy);
        p.AddText("acknowledged_by_name", alert.AcknowledgedByName);
        p.AddTime("acknowledged_at", alert.AcknowledgedAt);
        p.AddTime("updated_at", alert.UpdatedAt);
        p.AddBigint("id", alert.Id);
        if (await RowsAffectedAsync(batch, cancellationToken) != 1)
        {
            throw new StoreException($"Alert {alert.Reference} (id {alert.Id}) does not exist.");
        }
    }

    public async Task<long> AppendAckLogAsync(AckLogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var batch = Batch("""
            INSERT INTO ack_log (alert_id, alert_reference, action, argument, actor_address, actor_name, received_at, processed_at,
                                 source_message_id, account, protocol, message_key, comment, outcome, reason)
            VALUES (@alert_id, @alert_reference, @action, @argument, @actor_address, @actor_name, @received_at, @processed_at,
                    @source_message_id, @account, @protocol, @message_key, @comment, @outcome, @reason)
            RETURNING id
            """);
        var p = Target(batch).Parameters;
        p.AddBigint("alert_id", entry.AlertId);
        p.AddText("alert_reference", entry.AlertReference?.ToString());
        p.AddText("action", entry.Action?.ToString());
        p.AddText("argument", entry.Argument);
        p.AddText("actor_address", entry.ActorAddress);
        p.AddText("actor_name", entry.ActorName);
        p.AddTime("received_at", entry.ReceivedAt);
        p.AddTime("processed_at", entry.ProcessedAt);
        p.AddText("source_message_id", entry.SourceMessageId);
        p.AddText("account", entry.Account);
        p.AddText("protocol", entry.Protocol);
        p.AddText("message_key", entry.MessageKey);
        p.AddText("comment", entry.Comment);
        p.AddText("outcome", entry.Outcome.ToString());
        p.AddText("reason", entry.Reason);
        return await IdAsync(batch, cancellationToken);
    }

    public async Task<long> EnqueueOutboxAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var batch = Batch(PostgreSqlRows.InsertOutboxSql);
        PostgreSqlRows.BindOutbox(Target(batch).Parameters, message);
        return await IdAsync(batch, cancellationToken);
    }

    public async Task<ExternalAlertLink?> FindExternalAlertAsync(string source, string key, CancellationToken cancellationToken)
    {
        // Two nodes receiving the same notification at once: the second waits here and then finds the first's link.
        await using var batch = Batch("external-alert", source + "\n" + key,
            "SELECT alert_id, digest, matchers, updated_at FROM external_alerts WHERE source = @source AND key = @key FOR UPDATE", p =>
            {
                p.AddText("source", source);
                p.AddText("key", key);
            });
        await using var r = await ReaderAsync(batch, cancellationToken);
        return await r.ReadAsync(cancellationToken)
            ? new ExternalAlertLink(source, key, r.GetInt64(0), r.GetString(1), LabelJson.Read(r.GetString(2)), PostgreSqlRows.Time(r, 3))
            : null;
    }

    public async Task SaveExternalAlertAsync(ExternalAlertLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        await using var batch = Batch("""
            INSERT INTO external_alerts (source, key, alert_id, digest, matchers, updated_at) VALUES (@source, @key, @alert_id, @digest, @matchers, @at)
            ON CONFLICT (source, key) DO UPDATE SET alert_id = excluded.alert_id, digest = excluded.digest, matchers = excluded.matchers,
                updated_at = excluded.updated_at,
                silence_id = CASE WHEN external_alerts.alert_id = excluded.alert_id THEN external_alerts.silence_id END,
                silence_until = CASE WHEN external_alerts.alert_id = excluded.alert_id THEN external_alerts.silence_until END,
                silence_error = CASE WHEN external_alerts.alert_id = excluded.alert_id THEN external_alerts.silence_error END
            """);
        var p = Target(batch).Parameters;
        p.AddText("source", link.Source);
        p.AddText("key", link.Key);
        p.AddBigint("alert_id", link.AlertId);
        p.AddText("digest", link.Digest);
        p.AddText("matchers", LabelJson.Write(link.Matchers));
        p.AddTime("at", link.UpdatedAt);
        await RowsAffectedAsync(batch, cancellationToken);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_failed)
        {
            // A deferred insert or a lock may not have run: committing the rest would keep half the work.
            throw new StoreException("A statement of this transaction failed earlier; it cannot be committed.");
        }

        if (_pending.Count > 0)
        {
            await using var batch = new NpgsqlBatch(_connection, _transaction);
            foreach (var command in _pending)
            {
                batch.BatchCommands.Add(command);
            }

            _pending.Clear();
            await RowsAffectedAsync(batch, cancellationToken);
        }

        await _transaction.CommitAsync(cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            try
            {
                await _transaction.RollbackAsync();
            }
            catch (NpgsqlException)
            {
                // The connection broke: the server rolls the transaction back by itself.
            }
            catch (InvalidOperationException)
            {
                // Already completed.
            }
        }

        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    /// <summary>A transaction-level advisory lock on (kind, key), released at commit or rollback; null when this
    /// transaction holds it already. Distinct keys may share a hash; that only makes two unrelated transactions wait for
    /// each other.</summary>
    private NpgsqlBatchCommand? LockCommand(string kind, string key)
    {
        var lockKey = kind + "\n" + key;
        if (!_locked.Add(lockKey))
        {
            return null;
        }

        var command = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended(@lock_key, 0))");
        command.Parameters.AddText("lock_key", lockKey);
        return command;
    }

    private async Task<Alert?> FindAlertAsync(string? lockKind, string? lockKey, string condition, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var batch = Batch(lockKind, lockKey, $"SELECT {PostgreSqlRows.AlertColumns} FROM alerts WHERE {condition} FOR UPDATE", bind);
        await using var reader = await ReaderAsync(batch, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PostgreSqlRows.ReadAlert(reader) : null;
    }

    private NpgsqlBatch Batch(string sql) => Batch(null, null, sql, _ => { });

    /// <summary>One round trip: the deferred statements, then the lock on (lockKind, lockKey) unless already held, then
    /// <paramref name="sql"/> (the last command, <see cref="Target"/>). The server runs them in this order, each
    /// READ COMMITTED statement with its own snapshot taken when it starts, so the guarded statement sees what the lock's
    /// previous holder committed.</summary>
    private NpgsqlBatch Batch(string? lockKind, string? lockKey, string sql, Action<NpgsqlParameterCollection> bind)
    {
        var batch = new NpgsqlBatch(_connection, _transaction);
        foreach (var command in _pending)
        {
            batch.BatchCommands.Add(command);
        }

        _pending.Clear();
        if (lockKind is not null && LockCommand(lockKind, lockKey!) is { } lockCommand)
        {
            batch.BatchCommands.Add(lockCommand);
        }

        var target = new NpgsqlBatchCommand(sql);
        bind(target.Parameters);
        batch.BatchCommands.Add(target);
        return batch;
    }

    private static NpgsqlBatchCommand Target(NpgsqlBatch batch) => batch.BatchCommands[^1];

    /// <summary>A reader on the target's rows: the statements before it that return rows are the advisory locks (one
    /// void row each), skipped here; the deferred inserts return none.</summary>
    private async Task<NpgsqlDataReader> ReaderAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        var locks = 0;
        for (var i = 0; i < batch.BatchCommands.Count - 1; i++)
        {
            if (batch.BatchCommands[i].CommandText.StartsWith("SELECT pg_advisory_xact_lock", StringComparison.Ordinal))
            {
                locks++;
            }
        }

        NpgsqlDataReader? reader = null;
        try
        {
            reader = await batch.ExecuteReaderAsync(cancellationToken);
            for (var i = 0; i < locks; i++)
            {
                await reader.NextResultAsync(cancellationToken);
            }

            return reader;
        }
        catch
        {
            _failed = true;
            if (reader is not null)
            {
                await reader.DisposeAsync();
            }

            throw;
        }
    }

    private async Task<long> IdAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        await using var reader = await ReaderAsync(batch, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new StoreException("The insert returned no id.");
        }

        return reader.GetInt64(0);
    }

    private async Task<int> RowsAffectedAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            _failed = true;
            throw;
        }

        return Target(batch).RecordsAffected;
    }
}
