namespace AckPoller.Core.Alerts;

/// <summary>Reads the acknowledgement log (rows are written only inside an <see cref="IUnitOfWork"/>).</summary>
public interface IAckLogStore : IRejectionHistory
{
    Task<AckLogPage> QueryAsync(AckLogQuery query, CancellationToken cancellationToken);
}
