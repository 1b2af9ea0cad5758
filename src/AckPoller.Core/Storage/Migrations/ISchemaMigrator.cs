namespace AckPoller.Core.Storage.Migrations;

/// <summary>Brings the store's schema up to date at start-up (one implementation per provider).</summary>
public interface ISchemaMigrator
{
    /// <summary>Applies what is missing; returns how many migrations ran. Throws <see cref="StoreException"/> when the
    /// database's schema is newer than this AckPoller knows.</summary>
    Task<int> ApplyAsync(CancellationToken cancellationToken);
}
