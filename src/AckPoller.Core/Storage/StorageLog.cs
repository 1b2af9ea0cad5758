using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Storage;

/// <summary>Log events of store health: EventIds 1050–1099 (the README's event catalogue lists them).</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1050, Level = LogLevel.Warning, Message = "Store write probe failed ({Reason}): {Message}")]
    internal static partial void StoreWriteProbeFailed(ILogger logger, object? reason, object? message);
}
