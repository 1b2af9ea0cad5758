namespace AckPoller.Core.Alerts;

/// <summary>How often a sender was rejected lately, for the lockout after repeated failures. Implemented by the store.</summary>
public interface IRejectionHistory
{
    Task<int> CountRejectionsAsync(string senderAddress, DateTimeOffset since, CancellationToken cancellationToken);
}
