using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Auth.TokenCache;

/// <summary>Log events of token caches: EventIds 1170–1179 (the README's event catalogue lists them).</summary>
internal static partial class TokenCacheLog
{
    [LoggerMessage(EventId = 1170, Level = LogLevel.Error, Message = "Token cache of account {Account} ({Kind}) is unreadable and is ignored: {Reason}")]
    internal static partial void TokenCacheAccountUnreadableIgnored(ILogger logger, string account, object? kind, object? reason);
}
