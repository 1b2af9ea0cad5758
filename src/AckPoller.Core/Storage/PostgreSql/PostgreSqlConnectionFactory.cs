using System.Data.Common;
using System.Net.Sockets;
using AckPoller.Core.Configuration;
using Npgsql;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>Connections to the PostgreSQL database from one pooled <see cref="NpgsqlDataSource"/>. The connection string
/// comes from Storage:ConnectionString plus the password from Storage:PasswordEnv/PasswordFile, or whole from
/// Storage:ConnectionStringEnv/ConnectionStringFile. Errors name the server and user, never the password.
/// Unless the connection string sets <c>Max Auto Prepare</c> itself, it is <see cref="DefaultMaxAutoPrepare"/>: the
/// statements run for every reply (a dozen, always the same SQL) are then prepared once per pooled connection instead of
/// parsed and planned by the server on every run. Set <c>Max Auto Prepare=0</c> behind a pooler that cannot keep prepared
/// statements (PgBouncer in transaction mode before 1.21).</summary>
public sealed class PostgreSqlConnectionFactory : IDatabaseConnectionFactory, IAsyncDisposable, IDisposable
{
    /// <summary>Statements Npgsql prepares automatically per connection once used <c>Auto Prepare Min Usages</c> times.</summary>
    public const int DefaultMaxAutoPrepare = 32;

    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlConnectionFactory(StorageOptions options)
        : this(ResolveConnectionString(options, Environment.GetEnvironmentVariable))
    {
    }

    public PostgreSqlConnectionFactory(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Server = $"{builder.Host}:{(builder.Port == 0 ? 5432 : builder.Port)}";
        Database = builder.Database ?? "";
        Username = builder.Username ?? "";
        if (!NamesKey(connectionString, "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        MaxAutoPrepare = builder.MaxAutoPrepare;
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>host:port, for messages.</summary>
    public string Server { get; }

    public string Database { get; }

    public string Username { get; }

    /// <summary>The pool's <c>Max Auto Prepare</c>: the connection string's, else <see cref="DefaultMaxAutoPrepare"/>.</summary>
    public int MaxAutoPrepare { get; }

    /// <summary>The connection string the options describe, password included (never log it).</summary>
    public static string ResolveConnectionString(StorageOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        string text;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            text = options.ConnectionString;
        }
        else if (!string.IsNullOrWhiteSpace(options.ConnectionStringEnv))
        {
            text = environment(options.ConnectionStringEnv)
                ?? throw new StoreException($"Storage:ConnectionStringEnv: environment variable {options.ConnectionStringEnv} is not set.");
        }
        else if (!string.IsNullOrWhiteSpace(options.ConnectionStringFile))
        {
            text = File.ReadAllText(options.ConnectionStringFile).Trim();
        }
        else
        {
            throw new StoreException("Storage:ConnectionString: Provider PostgreSql needs a connection string.");
        }

        var password = !string.IsNullOrWhiteSpace(options.PasswordEnv) ? environment(options.PasswordEnv)
            : !string.IsNullOrWhiteSpace(options.PasswordFile) ? File.ReadAllText(options.PasswordFile).TrimEnd('\r', '\n')
            : null;
        if (string.IsNullOrEmpty(password))
        {
            return text;
        }

        return new NpgsqlConnectionStringBuilder(text) { Password = password }.ConnectionString;
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            throw new StoreException($"PostgreSQL at {Server} refused user '{Username}' (SQLSTATE {ex.SqlState}: wrong password or unknown user): check Storage:PasswordEnv / Storage:PasswordFile and the user in Storage:ConnectionString.", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new StoreException($"PostgreSQL at {Server} has no database '{Database}': create it (createdb -O {Username} {Database}) or fix Database= in Storage:ConnectionString.", ex);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException && IsNetwork(ex))
        {
            throw new StoreException($"Cannot reach PostgreSQL at {Server}: {ex.Message}", ex) { Unreachable = true };
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            // e.g. "No password has been provided but the backend requires one": Npgsql's messages never quote the password.
            throw new StoreException($"Cannot sign in to PostgreSQL at {Server} as '{Username}': {ex.Message}", ex);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    /// <summary>Whether the connection string itself names the key (spaces and case ignored); Npgsql's builder reports
    /// every key it knows as present.</summary>
    private static bool NamesKey(string connectionString, string key)
    {
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string name in raw.Keys)
        {
            if (string.Equals(name.Replace(" ", "", StringComparison.Ordinal), key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNetwork(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException or TimeoutException or IOException)
            {
                return true;
            }
        }

        return ex.Message.StartsWith("Failed to connect", StringComparison.Ordinal) || ex.InnerException is null && ex.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase);
    }
}
