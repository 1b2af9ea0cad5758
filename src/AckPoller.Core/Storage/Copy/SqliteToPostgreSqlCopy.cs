using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace AckPoller.Core.Storage.Copy;

/// <summary>One table's row count in the SQLite source and, after the copy, in the PostgreSQL target.</summary>
internal sealed record TableCopyCount(string Table, long SourceRows, long TargetRows);

/// <summary>`ackpoller storage copy`: copies every AckPoller table of a SQLite database into an empty PostgreSQL database
/// that already has AckPoller's PostgreSQL schema, in one PostgreSQL transaction. Ids are kept (the ack log's alert ids,
/// the outbox's delivered recipients and the external alert links keep pointing at the same rows) and every identity
/// sequence continues after the highest copied id. Values are converted by the target column's type: SQLite's ISO-8601
/// text times to timestamptz, 0/1 to boolean, one-address-per-line lists to text[]. The token caches are copied as the
/// encrypted blobs they are: the PostgreSQL nodes need the same TokenCache key to read them.
/// <para>Every SQLite table is either in <see cref="Tables"/> (copied) or in <see cref="NotCopied"/> (with the reason);
/// a table in neither stops the copy before anything is written, so a table added later is never silently left
/// behind. Quartz's qrtz_ tables exist only in PostgreSQL (the nodes recreate their jobs at start).</para></summary>
internal static class SqliteToPostgreSqlCopy
{
    /// <summary>The copied tables, parents before children (foreign keys). SQLite and PostgreSQL use the same names.</summary>
    public static IReadOnlyList<string> Tables { get; } =
    [
        "alerts",
        "ack_log",
        "outbox",
        "outbox_delivered",
        "processed_messages",
        "mailbox_cursors",
        "account_auth_state",
        "token_cache",
        "account_activity",
        "admin_notification",
        "external_alerts",
        "integration_cursors",
        "webhook_deliveries",
    ];

    /// <summary>SQLite tables deliberately not copied, with the reason.</summary>
    public static IReadOnlyDictionary<string, string> NotCopied { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["schema_version"] = "the PostgreSQL schema has its own numbered migrations",
        ["store_probe"] = "the health check's write probe, rewritten by every node",
    };

    /// <summary>The SQLite tables of <paramref name="source"/> (internal sqlite_ tables left out), in name order.</summary>
    public static async Task<IReadOnlyList<string>> SourceTablesAsync(SqliteConnection source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var command = source.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>Copies every table; returns the row counts, verified equal. Throws <see cref="StoreException"/> (nothing
    /// written) when the source has a table this copy does not know, the target already has rows, a column has no
    /// twin, or the counts differ.</summary>
    public static async Task<IReadOnlyList<TableCopyCount>> CopyAsync(SqliteConnection source, NpgsqlConnection target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);

        var unknown = (await SourceTablesAsync(source, cancellationToken)).Where(t => !Tables.Contains(t) && !NotCopied.ContainsKey(t)).ToList();
        if (unknown.Count > 0)
        {
            throw new StoreException($"The SQLite database has table(s) storage copy does not know: {string.Join(", ", unknown)}. " +
                "This AckPoller is older than the database, or the copy map misses a table; nothing was copied.");
        }

        foreach (var table in Tables)
        {
            if (await CountAsync(target, null, table, cancellationToken) > 0)
            {
                throw new StoreException($"The target PostgreSQL database is not empty: table {table} has rows. storage copy only fills an empty database; nothing was copied.");
            }
        }

        // One read transaction on SQLite (a consistent snapshot even if a node still writes) and one write transaction on PostgreSQL.
        await using var read = source.BeginTransaction(deferred: true);
        await using var write = await target.BeginTransactionAsync(cancellationToken);
        var counts = new List<TableCopyCount>();
        foreach (var table in Tables)
        {
            var sourceRows = await CountAsync(source, read, table, cancellationToken);
            if (sourceRows > 0)
            {
                await CopyTableAsync(source, read, target, table, cancellationToken);
            }

            await ResetIdentityAsync(target, write, table, cancellationToken);
            var targetRows = await CountAsync(target, write, table, cancellationToken);
            counts.Add(new TableCopyCount(table, sourceRows, targetRows));
        }

        var different = counts.Where(c => c.SourceRows != c.TargetRows).ToList();
        if (different.Count > 0)
        {
            throw new StoreException("Row counts differ after the copy (" +
                string.Join(", ", different.Select(c => $"{c.Table}: SQLite {c.SourceRows}, PostgreSQL {c.TargetRows}")) + "); nothing was committed.");
        }

        await write.CommitAsync(cancellationToken);
        return counts;
    }

    private static async Task CopyTableAsync(SqliteConnection source, SqliteTransaction read, NpgsqlConnection target, string table, CancellationToken cancellationToken)
    {
        var targetColumns = await TargetColumnsAsync(target, table, cancellationToken);
        var sourceColumns = await SourceColumnsAsync(source, read, table, cancellationToken);
        var missing = sourceColumns.Where(c => !targetColumns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new StoreException($"Column(s) {string.Join(", ", missing)} of SQLite table {table} have no PostgreSQL twin; nothing was copied.");
        }

        var types = sourceColumns.Select(c => targetColumns[c]).ToList();
        await using var select = source.CreateCommand();
        select.Transaction = read;
        select.CommandText = $"SELECT {string.Join(", ", sourceColumns)} FROM {table}";
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await using var importer = await target.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", sourceColumns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < sourceColumns.Count; i++)
            {
                var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                    continue;
                }

                try
                {
                    await WriteAsync(importer, types[i], value, cancellationToken);
                }
                catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
                {
                    throw new StoreException($"SQLite table {table}, column {sourceColumns[i]}: a value cannot be converted to PostgreSQL {types[i]} ({ex.Message}); nothing was copied.", ex);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, string type, object value, CancellationToken cancellationToken) => type switch
    {
        "text" => importer.WriteAsync(value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!, NpgsqlDbType.Text, cancellationToken),
        "int8" => importer.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken),
        "int4" => importer.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer, cancellationToken),
        "bool" => importer.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0, NpgsqlDbType.Boolean, cancellationToken),
        "bytea" => importer.WriteAsync(value as byte[] ?? Encoding.UTF8.GetBytes((string)value), NpgsqlDbType.Bytea, cancellationToken),
        "timestamptz" => importer.WriteAsync(Time((string)value), NpgsqlDbType.TimestampTz, cancellationToken),
        "_text" => importer.WriteAsync(Lines((string)value), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken),
        _ => throw new InvalidCastException($"storage copy does not convert to PostgreSQL type {type}"),
    };

    /// <summary>The stores write <see cref="StoreTime"/>'s fixed format; anything else ISO-8601 is read as UTC.</summary>
    private static DateTime Time(string text) =>
        (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact)
            ? exact
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)).UtcDateTime;

    /// <summary>SQLite keeps an address list one per line (SqliteRows.JoinList).</summary>
    private static string[] Lines(string text) => text.Length == 0 ? [] : text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<List<string>> SourceColumnsAsync(SqliteConnection source, SqliteTransaction read, string table, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand();
        command.Transaction = read;
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static async Task<Dictionary<string, string>> TargetColumnsAsync(NpgsqlConnection target, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table", target);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns[reader.GetString(0)] = reader.GetString(1);
        }

        if (columns.Count == 0)
        {
            throw new StoreException($"The target PostgreSQL database has no table {table}: its schema is not AckPoller's.");
        }

        return columns;
    }

    /// <summary>An identity column (alerts.id, ack_log.id, …) continues after the highest copied id.</summary>
    private static async Task ResetIdentityAsync(NpgsqlConnection target, NpgsqlTransaction write, string table, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND is_identity = 'YES'", target, write);
        find.Parameters.AddWithValue("table", table);
        var column = (string?)await find.ExecuteScalarAsync(cancellationToken);
        if (column is null)
        {
            return;
        }

        await using var reset = new NpgsqlCommand(
            $"SELECT setval(pg_get_serial_sequence(@table, @column), COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)", target, write);
        reset.Parameters.AddWithValue("table", table);
        reset.Parameters.AddWithValue("column", column);
        await reset.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(SqliteConnection source, SqliteTransaction read, string table, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand();
        command.Transaction = read;
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<long> CountAsync(NpgsqlConnection target, NpgsqlTransaction? write, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM {table}", target, write);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
