using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Storage.Migrations;

/// <summary>Log events of store migrations: EventIds 1000–1049 (the README's event catalogue lists them).</summary>
internal static partial class MigrationsLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Applied schema migration {Version}: {Name}")]
    internal static partial void AppliedSchemaMigration(ILogger logger, object? version, object? name);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied PostgreSQL schema migration {Version}: {Name}")]
    internal static partial void AppliedPostgreSqlSchemaMigration(ILogger logger, object? version, object? name);
}
