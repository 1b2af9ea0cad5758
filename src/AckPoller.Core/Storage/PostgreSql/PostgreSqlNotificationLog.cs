using AckPoller.Core.Notifications;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary><see cref="INotificationLog"/> in the admin_notification table (PostgreSQL migration 7).</summary>
public sealed class PostgreSqlNotificationLog(IDatabaseConnectionFactory connections) : PostgreSqlStoreBase(connections), INotificationLog
{
    public async Task<NotificationRecord?> GetAsync(string account, string topic, CancellationToken cancellationToken) =>
        First(await ReadAsync(
            "SELECT condition, notified_at FROM admin_notification WHERE account = @account AND topic = @topic",
            p =>
            {
                p.AddText("account", account);
                p.AddText("topic", topic);
            },
            r => new NotificationRecord(account, topic, r.GetString(0), PostgreSqlRows.Time(r, 1)),
            cancellationToken));

    public Task SaveAsync(NotificationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ExecuteAsync(
            """
            INSERT INTO admin_notification (account, topic, condition, notified_at) VALUES (@account, @topic, @condition, @at)
            ON CONFLICT (account, topic) DO UPDATE SET condition = excluded.condition, notified_at = excluded.notified_at
            """,
            p =>
            {
                p.AddText("account", record.Account);
                p.AddText("topic", record.Topic);
                p.AddText("condition", record.Condition);
                p.AddTime("at", record.NotifiedAt);
            },
            cancellationToken);
    }
}
