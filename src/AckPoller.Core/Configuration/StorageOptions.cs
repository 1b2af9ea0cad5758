namespace AckPoller.Core.Configuration;

/// <summary>Section "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The SQLite database file. Relative paths are resolved against the working directory.</summary>
    public string DatabasePath { get; set; } = "./data/ackpoller.db";

    /// <summary>How long a writer waits for another writer's lock before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sqlite (the embedded default, <see cref="DatabasePath"/>) or PostgreSql (<see cref="ConnectionString"/>).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>PostgreSql: an Npgsql connection string without a password, e.g. Host=db;Port=5432;Username=ackpoller;Database=ackpoller.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>PostgreSql: an environment variable holding the whole connection string (password included), instead of ConnectionString.</summary>
    public string? ConnectionStringEnv { get; set; }

    /// <summary>PostgreSql: a file holding the whole connection string (password included), instead of ConnectionString.</summary>
    public string? ConnectionStringFile { get; set; }

    /// <summary>PostgreSql: an environment variable holding the password for <see cref="ConnectionString"/>.</summary>
    public string? PasswordEnv { get; set; }

    /// <summary>PostgreSql: a file holding the password for <see cref="ConnectionString"/>.</summary>
    public string? PasswordFile { get; set; }
}

/// <summary>Where AckPoller keeps its state.</summary>
public enum StorageProvider
{
    /// <summary>One SQLite file: the embedded default, one node.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (Npgsql), shared by one or more nodes.</summary>
    PostgreSql,
}
