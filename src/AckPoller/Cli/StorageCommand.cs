using System.CommandLine;
using System.Globalization;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Copy;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Spectre.Console;

namespace AckPoller.Cli;

/// <summary>`ackpoller storage copy --to CONNECTION-STRING [--password-env NAME | --password-file PATH]`: copies the
/// configured SQLite database (Storage:DatabasePath, brought up to date first) into an empty PostgreSQL database (AckPoller's
/// PostgreSQL schema is created on it first) in one transaction, then prints each table's row count on both sides.
/// Exit 0 copied and verified; 1 the SQLite file is missing, the target is not empty, the password is refused, or the
/// copy failed (nothing committed); 3 the configuration is invalid, Storage:Provider is not Sqlite, or PostgreSQL cannot
/// be reached; 64 a password inside --to, or a bad option. The password never appears in a message.</summary>
internal static class StorageCommand
{
    private static readonly string[] Headers = ["TABLE", "SQLITE ROWS", "POSTGRESQL ROWS"];

    public static Command Create(Action<IServiceCollection>? services)
    {
        var storage = new Command("storage", "Move AckPoller's data between stores.");
        storage.Subcommands.Add(CreateCopy(services));
        return storage;
    }

    private static Command CreateCopy(Action<IServiceCollection>? services)
    {
        var to = new Option<string>("--to")
        {
            Required = true,
            HelpName = "CONNECTION-STRING",
            Description = "The empty PostgreSQL database, as an Npgsql connection string without a password (Host=db;Port=5432;Username=ackpoller;Database=ackpoller).",
        };
        var passwordEnv = new Option<string?>("--password-env") { HelpName = "NAME", Description = "The environment variable holding the PostgreSQL password." };
        var passwordFile = new Option<string?>("--password-file") { HelpName = "PATH", Description = "A file holding the PostgreSQL password." };
        var config = CommandHost.ConfigOption();
        var command = new Command("copy",
            "Copy the SQLite database (Storage:DatabasePath) into an empty PostgreSQL database: every table, ids kept, row counts verified. " +
            "Stop the node first. The token caches stay encrypted: the PostgreSQL nodes need the same TokenCache key.")
        { to, passwordEnv, passwordFile, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            string connectionString;
            try
            {
                connectionString = TargetConnectionString(parse.GetValue(to)!, parse.GetValue(passwordEnv), parse.GetValue(passwordFile));
            }
            catch (CommandUsageException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return ExitCodes.Usage;
            }

            if (SourceProblem(parse.GetValue(config)) is { } problem)
            {
                await error.WriteLineAsync(problem.Message);
                return problem.Exit;
            }

            return await CommandHost.RunAsync(parse, config, services, (host, output, err) => CopyAsync(host.Services, connectionString, output, err, cancellationToken), cancellationToken);
        });
        return command;
    }

    /// <summary>--to with the password from --password-env or --password-file; a password written into --to is refused
    /// (it would sit in the shell history), like Storage:ConnectionString refuses one.</summary>
    private static string TargetConnectionString(string text, string? passwordEnv, string? passwordFile)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException ex)
        {
            throw new CommandUsageException("--to", $"not a valid Npgsql connection string ({ex.Message.Split('\n')[0]}).");
        }

        if (!string.IsNullOrEmpty(builder.Password))
        {
            throw new CommandUsageException("--to", "must not contain a password (it would stay in the shell history and the process list); give it with --password-env NAME or --password-file PATH.");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new CommandUsageException("--to", "needs Host= (the PostgreSQL server).");
        }

        if (!string.IsNullOrWhiteSpace(passwordEnv) && !string.IsNullOrWhiteSpace(passwordFile))
        {
            throw new CommandUsageException("--password-env", "give the password one way only (--password-env or --password-file).");
        }

        string? password = null;
        if (!string.IsNullOrWhiteSpace(passwordEnv))
        {
            password = Environment.GetEnvironmentVariable(passwordEnv);
            if (string.IsNullOrEmpty(password))
            {
                throw new CommandUsageException("--password-env", $"environment variable {passwordEnv} is not set.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(passwordFile))
        {
            if (!File.Exists(passwordFile))
            {
                throw new CommandUsageException("--password-file", $"file {passwordFile} does not exist.");
            }

            password = File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
        }

        if (!string.IsNullOrEmpty(password))
        {
            builder.Password = password;
        }

        return builder.ConnectionString;
    }

    /// <summary>The copy reads the configured SQLite file; it must exist (opening the host would create an empty one).
    /// A configuration that cannot be read is left to <see cref="CommandHost"/>, which reports every problem.</summary>
    private static (string Message, int Exit)? SourceProblem(string? configFile)
    {
        StorageOptions storage;
        try
        {
            storage = AckPollerConfiguration.Bind(AckPollerConfiguration.Build(configFile, Directory.GetCurrentDirectory())).Storage;
        }
        catch (ConfigurationException)
        {
            return null;
        }

        if (storage.Provider != StorageProvider.Sqlite)
        {
            return ("Storage:Provider is PostgreSql: storage copy reads the SQLite database (Storage:DatabasePath). Run it with the configuration the SQLite node used.", ExitCodes.BadConfiguration);
        }

        var path = Path.GetFullPath(storage.DatabasePath);
        return File.Exists(path) ? null : ($"Storage:DatabasePath: there is no SQLite database at {path}: nothing to copy.", ExitCodes.Failure);
    }

    private static async Task<int> CopyAsync(IServiceProvider services, string connectionString, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var sqlite = services.GetRequiredService<SqliteConnectionFactory>();
        await using var targetConnections = new PostgreSqlConnectionFactory(connectionString);
        try
        {
            var migrator = new PostgreSqlMigrationRunner(targetConnections, PostgreSqlMigrations.All, services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<PostgreSqlMigrationRunner>>());
            await migrator.ApplyAsync(cancellationToken);
            await using var source = (SqliteConnection)await sqlite.OpenAsync(cancellationToken);
            await using var target = (NpgsqlConnection)await targetConnections.OpenAsync(cancellationToken);
            var counts = await SqliteToPostgreSqlCopy.CopyAsync(source, target, cancellationToken);

            var table = new Table().Border(TableBorder.Simple);
            foreach (var header in Headers)
            {
                table.AddColumn(new TableColumn(header));
            }

            foreach (var count in counts)
            {
                table.AddRow(new Text(count.Table), new Text(count.SourceRows.ToString(CultureInfo.InvariantCulture)), new Text(count.TargetRows.ToString(CultureInfo.InvariantCulture)));
            }

            CliConsole.For(output).Write(table);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Copied {counts.Sum(c => c.TargetRows)} rows in {counts.Count} tables from {sqlite.DatabasePath} to PostgreSQL {targetConnections.Server}/{targetConnections.Database}; every count matches."));
            await output.WriteLineAsync("The token caches were copied encrypted: give the PostgreSQL nodes the same TokenCache key (TokenCache:KeyFile or KeyEnv) as this one, or they must sign in again.");
            return ExitCodes.Ok;
        }
        catch (StoreException ex)
        {
            await error.WriteLineAsync($"storage copy: {ex.Message}");
            return ex.Unreachable ? ExitCodes.ConnectionFailed : ExitCodes.Failure;
        }
    }
}
