using System.Text;
using AckPoller.Core.Alerts;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary>Reads the acknowledgement log newest first with keyset paging. The query is built so SQLite can walk one
/// of the (filter, processed_at) indexes backwards and stop after LIMIT rows.</summary>
public sealed class SqliteAckLogStore : IAckLogStore
{
    private readonly IDatabaseConnectionFactory _connections;

    public SqliteAckLogStore(IDatabaseConnectionFactory connections) => _connections = connections;

    public async Task<AckLogPage> QueryAsync(AckLogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, AckLogQuery.MaxLimit);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = BuildSql(query, command.Parameters) + " LIMIT $limit";
        command.Parameters.Add("$limit", limit + 1);

        var entries = new List<AckLogEntry>(Math.Min(limit + 1, 1024));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(SqliteRows.ReadLogEntry(reader));
            }
        }

        AckLogCursor? next = null;
        if (entries.Count > limit)
        {
            entries.RemoveAt(limit);
            next = new AckLogCursor(entries[^1].ProcessedAt, entries[^1].Id);
        }

        return new AckLogPage(entries, next);
    }

    public async Task<int> CountRejectionsAsync(string senderAddress, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ack_log WHERE actor_address = $by AND processed_at >= $since AND outcome = 'Rejected'";
        command.Parameters.Add("$by", senderAddress);
        command.Parameters.Add("$since", StoreTime.Format(since));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The SELECT without LIMIT; exposed for the query-plan test.</summary>
    internal static string BuildSql(AckLogQuery query, SqliteParameterCollection p)
    {
        var sql = new StringBuilder($"SELECT {SqliteRows.LogColumns} FROM ack_log WHERE 1 = 1");
        if (query.Since is { } since)
        {
            sql.Append(" AND processed_at >= $since");
            p.Add("$since", StoreTime.Format(since));
        }

        if (query.Until is { } until)
        {
            sql.Append(" AND processed_at < $until");
            p.Add("$until", StoreTime.Format(until));
        }

        if (query.After is { } after)
        {
            // Row-value comparisons are not used for index ranges by every SQLite version; this form is.
            sql.Append(" AND processed_at <= $after_at AND (processed_at < $after_at OR id < $after_id)");
            p.Add("$after_at", StoreTime.Format(after.ProcessedAt));
            p.Add("$after_id", after.Id);
        }

        if (query.Alert is { } alert)
        {
            sql.Append(" AND alert_reference = $alert");
            p.Add("$alert", alert.ToString());
        }

        if (!string.IsNullOrWhiteSpace(query.By))
        {
            sql.Append(" AND actor_address = $by");
            p.Add("$by", query.By.Trim());
        }

        if (query.Action is { } action)
        {
            sql.Append(" AND action = $action");
            p.Add("$action", action.ToString());
        }

        if (query.Outcome is { } outcome)
        {
            sql.Append(" AND outcome = $outcome");
            p.Add("$outcome", outcome.ToString());
        }

        if (!string.IsNullOrWhiteSpace(query.Account))
        {
            sql.Append(" AND account = $account");
            p.Add("$account", query.Account);
        }

        sql.Append(" ORDER BY processed_at DESC, id DESC");
        return sql.ToString();
    }
}
