using AckPoller.Core.Alerts;
using AckPoller.Core.Replies;

namespace AckPoller.Core.Storage;

/// <summary>Reads the acknowledgement log (rows are written only inside an <see cref="IUnitOfWork"/>).</summary>
public interface IAckLogStore : IRejectionHistory
{
    Task<AckLogPage> QueryAsync(AckLogQuery query, CancellationToken cancellationToken);
}
