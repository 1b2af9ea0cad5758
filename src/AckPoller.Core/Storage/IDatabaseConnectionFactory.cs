using System.Data.Common;

namespace AckPoller.Core.Storage;

/// <summary>Opens connections to the store's database, configured for this provider (pragmas, timeouts).
/// The SQLite provider implements it now; a PostgreSQL provider can later.</summary>
public interface IDatabaseConnectionFactory
{
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
