using Npgsql;

namespace AckPoller.Core.Configuration;

/// <summary>Checks the PostgreSQL keys of section "Storage" (the SQLite keys are checked with the rest); every message
/// starts with the key it is about and never repeats a password or a secret connection string.</summary>
public static class StorageOptionsValidation
{
    public static void Validate(StorageOptions storage, Func<string, string?> environment, Func<string, bool> fileExists, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(errors);
        if (!Enum.IsDefined(storage.Provider))
        {
            errors.Add("Storage:Provider: must be Sqlite or PostgreSql.");
            return;
        }

        if (storage.Provider != StorageProvider.PostgreSql)
        {
            return;
        }

        var sources = Count(storage.ConnectionString, storage.ConnectionStringEnv, storage.ConnectionStringFile);
        if (sources == 0)
        {
            errors.Add("Storage:ConnectionString: Provider PostgreSql needs a connection string (ConnectionString, ConnectionStringEnv or ConnectionStringFile), e.g. Host=db;Port=5432;Username=ackpoller;Database=ackpoller.");
            return;
        }

        if (sources > 1)
        {
            errors.Add("Storage:ConnectionString: give the connection string one way only (ConnectionString, ConnectionStringEnv or ConnectionStringFile).");
            return;
        }

        if (!string.IsNullOrWhiteSpace(storage.PasswordEnv) && !string.IsNullOrWhiteSpace(storage.PasswordFile))
        {
            errors.Add("Storage:PasswordEnv: give the password one way only (PasswordEnv or PasswordFile).");
        }

        if (!string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            CheckConnectionString("Storage:ConnectionString", storage.ConnectionString, refusePassword: true, errors);
        }
        else if (!string.IsNullOrWhiteSpace(storage.ConnectionStringEnv))
        {
            if (environment(storage.ConnectionStringEnv) is { Length: > 0 } value)
            {
                CheckConnectionString("Storage:ConnectionStringEnv", value, refusePassword: false, errors);
            }
            else
            {
                errors.Add($"Storage:ConnectionStringEnv: environment variable {storage.ConnectionStringEnv} is not set.");
            }
        }
        else if (!fileExists(storage.ConnectionStringFile!))
        {
            errors.Add($"Storage:ConnectionStringFile: file {storage.ConnectionStringFile} does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(storage.PasswordEnv) && string.IsNullOrEmpty(environment(storage.PasswordEnv)))
        {
            errors.Add($"Storage:PasswordEnv: environment variable {storage.PasswordEnv} is not set.");
        }

        if (!string.IsNullOrWhiteSpace(storage.PasswordFile) && !fileExists(storage.PasswordFile))
        {
            errors.Add($"Storage:PasswordFile: file {storage.PasswordFile} does not exist.");
        }
    }

    private static void CheckConnectionString(string key, string value, bool refusePassword, List<string> errors)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException)
        {
            // The message of the parser may quote the string, which may hold a password: say only what is expected.
            errors.Add($"{key}: is not a valid Npgsql connection string; expected e.g. Host=db;Port=5432;Username=ackpoller;Database=ackpoller.");
            return;
        }

        if (refusePassword && !string.IsNullOrEmpty(builder.Password))
        {
            errors.Add($"{key}: must not contain a password (it would sit in a configuration file); put the password in Storage:PasswordEnv or Storage:PasswordFile, or the whole connection string in Storage:ConnectionStringEnv or Storage:ConnectionStringFile.");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            errors.Add($"{key}: names no Host; expected e.g. Host=db;Port=5432;Username=ackpoller;Database=ackpoller.");
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            errors.Add($"{key}: names no Database; expected e.g. Host=db;Port=5432;Username=ackpoller;Database=ackpoller.");
        }
    }

    private static int Count(params string?[] values) => values.Count(v => !string.IsNullOrWhiteSpace(v));
}
