using AckPoller.Core.Alerts;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace AckPoller.Integration.Tests.Polling;

/// <summary>A poller over the real store, recorder, analyzer and sender policy, and what to look at afterwards.</summary>
internal sealed record RealEngine(AccountPoller Poller, SqliteStore Store, Alert Alert)
{
    public async Task<IReadOnlyList<AckLogEntry>> AckLogAsync(string account) =>
        (await Store.AckLog.QueryAsync(new AckLogQuery { Account = account, Limit = 1000 }, default)).Entries;

    public async Task<Alert> CurrentAlertAsync() => (await Store.Alerts.FindByReferenceAsync(Alert.Reference, default))!;

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = (SqliteConnection)await Store.Connections.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
