using System.Globalization;
using AckPoller.Core.Accounts;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Integrations.Alertmanager;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Notifications;
using AckPoller.Core.Outbox;
using AckPoller.Core.Processing;
using AckPoller.Core.Storage;
using AckPoller.Core.Tests.Support;
using AckPoller.Core.Webhooks;

namespace AckPoller.Core.Tests.Storage.Contract;

/// <summary>Every store interface of one provider over one fresh, migrated database, with a manual clock and raw SQL
/// for assertions. The contract tests see only this.</summary>
public sealed class ContractStore : IAsyncDisposable
{
    public required ManualTimeProvider Time { get; init; }

    public required IDatabaseConnectionFactory Connections { get; init; }

    public required IUnitOfWorkFactory Transactions { get; init; }

    public required IAlertStore Alerts { get; init; }

    public required IAckLogStore AckLog { get; init; }

    public required IOutboxStore Outbox { get; init; }

    public required IMailboxStateStore Mailboxes { get; init; }

    public required IAuthStateStore AuthStates { get; init; }

    public required ITokenCacheStore TokenCaches { get; init; }

    public required IAccountActivityStore Activity { get; init; }

    public required INotificationLog Notifications { get; init; }

    public required IExternalSilenceStore ExternalSilences { get; init; }

    public required IWebhookDeliveryStore WebhookDeliveries { get; init; }

    public required Func<ValueTask> Dispose { get; init; }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Inserts an alert as a registered alert would be.</summary>
    public async Task<Alert> AddAlertAsync(string reference = "AP-7K3QZ9", string? messageId = "ap.7K3QZ9.abc@ackpoller.test", params string[] recipients)
    {
        await using var work = await Transactions.BeginAsync(default);
        var alert = await work.InsertAlertAsync(new Alert
        {
            Reference = AlertReference.Parse(reference),
            Subject = "Disk full on db1",
            Body = "/var is 99% full",
            Severity = "critical",
            Source = "nagios",
            Recipients = recipients.Length == 0 ? ["jane@example.com", "bob@example.com"] : recipients,
            MessageId = messageId,
            CreatedAt = Time.GetUtcNow(),
            UpdatedAt = Time.GetUtcNow(),
        }, default);
        await work.CommitAsync(default);
        return alert;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await Dispose();
}
