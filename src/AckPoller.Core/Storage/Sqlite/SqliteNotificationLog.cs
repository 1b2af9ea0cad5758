using System.Data.Common;
using AckPoller.Core.Notifications;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary><see cref="INotificationLog"/> in the store's admin_notification table (migration 20).</summary>
public sealed class SqliteNotificationLog : INotificationLog
{
    private readonly IDatabaseConnectionFactory _connections;

    public SqliteNotificationLog(IDatabaseConnectionFactory connections) => _connections = connections;

    public async Task<NotificationRecord?> GetAsync(string account, string topic, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT condition, notified_at FROM admin_notification WHERE account = $account AND topic = $topic";
        Add(command, "$account", account);
        Add(command, "$topic", topic);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new NotificationRecord(account, topic, reader.GetString(0), StoreTime.Parse(reader.GetString(1)))
            : null;
    }

    public async Task SaveAsync(NotificationRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO admin_notification (account, topic, condition, notified_at) VALUES ($account, $topic, $condition, $at)
            ON CONFLICT (account, topic) DO UPDATE SET condition = excluded.condition, notified_at = excluded.notified_at
            """;
        Add(command, "$account", record.Account);
        Add(command, "$topic", record.Topic);
        Add(command, "$condition", record.Condition);
        Add(command, "$at", StoreTime.Format(record.NotifiedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
