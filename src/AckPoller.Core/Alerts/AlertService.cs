using AckPoller.Core.Outbox;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Alerts;

/// <summary>Alerts in: <see cref="RaiseAsync"/> creates an alert and puts its email in the outbox in one transaction;
/// <see cref="RegisterAsync"/> records an alert another system emailed, so replies to it are matched too.</summary>
public sealed class AlertService
{
    private const int ReferenceAttempts = 16;

    private readonly IUnitOfWorkFactory _transactions;
    private readonly AlertEmailComposer _composer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<AlertReference> _newReference;

    public AlertService(IUnitOfWorkFactory transactions, AlertEmailComposer composer, TimeProvider time, ILogger<AlertService> logger)
        : this(transactions, composer, time, logger, AlertReference.New)
    {
    }

    /// <param name="newReference">Where fresh references come from (tests force collisions with it).</param>
    public AlertService(IUnitOfWorkFactory transactions, AlertEmailComposer composer, TimeProvider time, ILogger<AlertService> logger, Func<AlertReference> newReference)
    {
        _transactions = transactions;
        _composer = composer;
        _time = time;
        _logger = logger;
        _newReference = newReference;
    }

    /// <summary>The composer of this service's alert emails (for notices threaded under them).</summary>
    internal AlertEmailComposer Composer => _composer;

    public async Task<Alert> RaiseAsync(RaiseAlertRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Subject, nameof(request));
        var recipients = Distinct(request.Recipients);
        if (recipients.Count == 0)
        {
            throw new ArgumentException("An alert needs at least one recipient.", nameof(request));
        }

        request = request with { Recipients = recipients };
        await using var work = await _transactions.BeginAsync(cancellationToken);
        var alert = await RaiseInAsync(work, request, cancellationToken);
        await work.CommitAsync(cancellationToken);
        AlertsLog.Raised(_logger, alert.Reference, alert.Subject, string.Join(", ", recipients));
        return alert;
    }

    /// <summary>Creates the alert and its outbox email inside <paramref name="work"/> (the caller commits), for callers that
    /// must decide and raise in one transaction (integrations linking an outside alert to the one raised for it).</summary>
    internal async Task<Alert> RaiseInAsync(IUnitOfWork work, RaiseAlertRequest request, CancellationToken cancellationToken)
    {
        var recipients = Distinct(request.Recipients);
        if (recipients.Count == 0)
        {
            throw new ArgumentException("An alert needs at least one recipient.", nameof(request));
        }

        request = request with { Recipients = recipients };
        var now = _time.GetUtcNow();
        var reference = await FreshReferenceAsync(work, cancellationToken);
        var email = _composer.Compose(reference, request);
        var alert = await work.InsertAlertAsync(new Alert
        {
            Reference = reference,
            Subject = request.Subject.Trim(),
            Body = request.Body,
            Severity = request.Severity,
            Source = request.Source,
            Recipients = recipients,
            MessageId = email.MessageId,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
        await work.EnqueueOutboxAsync(new OutboxMessage
        {
            Kind = OutboxKind.Alert,
            AlertId = alert.Id,
            Recipients = recipients,
            MessageId = email.MessageId,
            Raw = email.Bytes,
            CreatedAt = now,
            NextAttemptAt = now,
        }, cancellationToken);
        return alert;
    }

    /// <summary>Idempotent: registering the same Message-ID or reference again returns the alert already recorded.</summary>
    public async Task<Alert> RegisterAsync(RegisterAlertRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Subject, nameof(request));
        var messageId = string.IsNullOrWhiteSpace(request.MessageId) ? null : request.MessageId.Trim().TrimStart('<').TrimEnd('>');
        if (messageId is null && request.Reference is null)
        {
            throw new ArgumentException("Registering an alert needs its Message-ID or its AP reference.", nameof(request));
        }

        var now = _time.GetUtcNow();
        await using var work = await _transactions.BeginAsync(cancellationToken);
        var byMessageId = messageId is null ? null : await work.FindAlertByMessageIdAsync(messageId, cancellationToken);
        var byReference = request.Reference is { } wanted ? await work.FindAlertByReferenceAsync(wanted, cancellationToken) : null;
        if (byMessageId is not null && (byReference is null || byReference.Id == byMessageId.Id))
        {
            return byMessageId;
        }

        if (byReference is not null)
        {
            if (messageId is null || byReference.MessageId == messageId)
            {
                return byReference;
            }

            throw new InvalidOperationException($"{byReference.Reference} is already registered for another alert (Message-ID {byReference.MessageId ?? "none"}).");
        }

        var alert = await work.InsertAlertAsync(new Alert
        {
            Reference = request.Reference ?? await FreshReferenceAsync(work, cancellationToken),
            Subject = request.Subject.Trim(),
            Body = request.Body,
            Severity = request.Severity,
            Source = request.Source,
            Recipients = Distinct(request.Recipients),
            MessageId = messageId,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        AlertsLog.Registered(_logger, alert.Reference, alert.Subject, messageId ?? "none");
        return alert;
    }

    private async Task<AlertReference> FreshReferenceAsync(IUnitOfWork work, CancellationToken cancellationToken)
    {
        for (var i = 0; i < ReferenceAttempts; i++)
        {
            var reference = _newReference();
            if (await work.FindAlertByReferenceAsync(reference, cancellationToken) is null)
            {
                return reference;
            }
        }

        throw new StoreException($"No unused alert reference found after {ReferenceAttempts} tries.");
    }

    private static List<string> Distinct(IReadOnlyList<string> addresses)
    {
        var result = new List<string>(addresses.Count);
        foreach (var address in addresses)
        {
            var trimmed = address?.Trim();
            if (!string.IsNullOrEmpty(trimmed) && !result.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(trimmed);
            }
        }

        return result;
    }
}
