namespace AckPoller.Core.Alerts;

/// <summary>Finds the alert a reply answers. Implemented by the store; the reply matcher depends only on this.</summary>
public interface IAlertDirectory
{
    Task<Alert?> FindByReferenceAsync(AlertReference reference, CancellationToken cancellationToken);

    /// <summary>By the alert email's Message-ID (without angle brackets), compared case-sensitively as RFC 5322 ids are.</summary>
    Task<Alert?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken);
}
