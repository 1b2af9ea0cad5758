namespace AckPoller.Core.Alerts;

/// <summary>Starts write transactions; implemented per database provider.</summary>
public interface IUnitOfWorkFactory
{
    Task<IUnitOfWork> BeginAsync(CancellationToken cancellationToken);
}
