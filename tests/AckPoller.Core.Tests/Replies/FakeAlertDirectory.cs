using AckPoller.Core.Alerts;

namespace AckPoller.Core.Tests.Replies;

/// <summary>A directory over a list of alerts, for matcher and analyzer tests.</summary>
internal sealed class FakeAlertDirectory(params Alert[] alerts) : IAlertDirectory
{
    public Task<Alert?> FindByReferenceAsync(AlertReference reference, CancellationToken cancellationToken) =>
        Task.FromResult(alerts.FirstOrDefault(a => a.Reference == reference));

    public Task<Alert?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken) =>
        Task.FromResult(alerts.FirstOrDefault(a => string.Equals(a.MessageId, messageId, StringComparison.Ordinal)));

    public static Alert NewAlert(string reference, string? messageId, params string[] recipients) => new()
    {
        Reference = AlertReference.Parse(reference),
        Subject = $"[{reference}] db-01: disk /var 97% full",
        MessageId = messageId,
        Recipients = recipients,
    };
}
