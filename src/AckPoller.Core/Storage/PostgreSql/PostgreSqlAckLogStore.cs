using System.Globalization;
using System.Text;
using AckPoller.Core.Alerts;
using Npgsql;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>Reads the acknowledgement log newest first with keyset paging on (processed_at, id): each filter has an
/// index ending in those two columns, so a page is one backward index range scan.</summary>
public sealed class PostgreSqlAckLogStore(IDatabaseConnectionFactory connections) : PostgreSqlStoreBase(connections), IAckLogStore
{
    public async Task<AckLogPage> QueryAsync(AckLogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, AckLogQuery.MaxLimit);
        var binds = new List<Action<NpgsqlParameterCollection>>();
        var sql = BuildSql(query, binds) + " LIMIT @limit";
        var entries = new List<AckLogEntry>(await ReadAsync(sql, p =>
        {
            binds.ForEach(b => b(p));
            p.Add("limit", limit + 1);
        }, PostgreSqlRows.ReadLogEntry, cancellationToken));

        AckLogCursor? next = null;
        if (entries.Count > limit)
        {
            entries.RemoveAt(limit);
            next = new AckLogCursor(entries[^1].ProcessedAt, entries[^1].Id);
        }

        return new AckLogPage(entries, next);
    }

    public async Task<int> CountRejectionsAsync(string senderAddress, DateTimeOffset since, CancellationToken cancellationToken) =>
        Convert.ToInt32(await ScalarAsync(
            "SELECT COUNT(*) FROM ack_log WHERE lower(actor_address) = lower(@by) AND processed_at >= @since AND outcome = 'Rejected'",
            p =>
            {
                p.AddText("by", senderAddress);
                p.AddTime("since", since);
            },
            cancellationToken), CultureInfo.InvariantCulture);

    internal static string BuildSql(AckLogQuery query, List<Action<NpgsqlParameterCollection>> binds)
    {
        var sql = new StringBuilder($"SELECT {PostgreSqlRows.LogColumns} FROM ack_log WHERE true");
        if (query.Since is { } since)
        {
            sql.Append(" AND processed_at >= @since");
            binds.Add(p => p.AddTime("since", since));
        }

        if (query.Until is { } until)
        {
            sql.Append(" AND processed_at < @until");
            binds.Add(p => p.AddTime("until", until));
        }

        if (query.After is { } after)
        {
            sql.Append(" AND (processed_at, id) < (@after_at, @after_id)");
            binds.Add(p =>
            {
                p.AddTime("after_at", after.ProcessedAt);
                p.AddBigint("after_id", after.Id);
            });
        }

        if (query.Alert is { } alert)
        {
            sql.Append(" AND alert_reference = @alert");
            binds.Add(p => p.AddText("alert", alert.ToString()));
        }

        if (!string.IsNullOrWhiteSpace(query.By))
        {
            var by = query.By.Trim();
            sql.Append(" AND lower(actor_address) = lower(@by)");
            binds.Add(p => p.AddText("by", by));
        }

        if (query.Action is { } action)
        {
            sql.Append(" AND action = @action");
            binds.Add(p => p.AddText("action", action.ToString()));
        }

        if (query.Outcome is { } outcome)
        {
            sql.Append(" AND outcome = @outcome");
            binds.Add(p => p.AddText("outcome", outcome.ToString()));
        }

        if (!string.IsNullOrWhiteSpace(query.Account))
        {
            var account = query.Account;
            sql.Append(" AND account = @account");
            binds.Add(p => p.AddText("account", account));
        }

        sql.Append(" ORDER BY processed_at DESC, id DESC");
        return sql.ToString();
    }
}
