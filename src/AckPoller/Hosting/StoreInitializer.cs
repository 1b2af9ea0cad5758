using AckPoller.Core.Storage.Migrations;
using Microsoft.Extensions.Hosting;

namespace AckPoller.Hosting;

/// <summary>Applies pending schema migrations before anything else starts (registered first among hosted services).</summary>
public sealed class StoreInitializer : IHostedService
{
    private readonly ISchemaMigrator _runner;
    private int _done;

    public StoreInitializer(ISchemaMigrator runner) => _runner = runner;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _done, 1, 0) == 0)
        {
            await _runner.ApplyAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
