namespace AckPoller.Core.Configuration;

/// <summary>Section "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The SQLite database file. Relative paths are resolved against the working directory.</summary>
    public string DatabasePath { get; set; } = "./data/ackpoller.db";

    /// <summary>How long a writer waits for another writer's lock before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
