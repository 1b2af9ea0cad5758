using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Auth.TokenCache;

/// <summary>Log events of token caches: EventIds 1170–1179 (the README's event catalogue lists them).</summary>
internal static partial class TokenCacheLog
{
    [LoggerMessage(EventId = 1170, Level = LogLevel.Error, Message = "Token cache of account {Account} ({Kind}) is unreadable and is ignored: {Reason}")]
    internal static partial void TokenCacheAccountUnreadableIgnored(ILogger logger, string account, object? kind, object? reason);

    [LoggerMessage(EventId = 1171, Level = LogLevel.Information, Message = "Token cache of account {Account} ({Kind}) was changed by another writer (another node) since it was read; merged, keeping the newer tokens (attempt {Attempt})")]
    internal static partial void TokenCacheWriteConflictMerging(ILogger logger, string account, object? kind, int attempt);

    [LoggerMessage(EventId = 1172, Level = LogLevel.Warning, Message = "Token cache of account {Account} ({Kind}) was deleted (signed out) while a token was fetched; it stays deleted")]
    internal static partial void TokenCacheDeletedWhileSaving(ILogger logger, string account, object? kind);

    [LoggerMessage(EventId = 1173, Level = LogLevel.Error, Message = "Token cache of account {Account} ({Kind}) kept changing under this write; gave up after {Attempts} attempts")]
    internal static partial void TokenCacheWriteGaveUp(ILogger logger, string account, object? kind, int attempts);
}
