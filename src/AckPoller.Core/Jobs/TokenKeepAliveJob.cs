using AckPoller.Core.Auth;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AckPoller.Core.Jobs;

/// <summary>Exercises delegated refresh tokens before they expire from disuse (see <see cref="TokenKeepAlive"/>).</summary>
[DisallowConcurrentExecution]
public sealed class TokenKeepAliveJob : IJob
{
    private readonly TokenKeepAlive _keepAlive;
    private readonly ILogger _logger;

    public TokenKeepAliveJob(TokenKeepAlive keepAlive, ILogger<TokenKeepAliveJob> logger)
    {
        _keepAlive = keepAlive;
        _logger = logger;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await _keepAlive.RunOnceAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            JobsLog.TokenKeepAliveFailedNext(_logger, ex);
        }
    }
}
