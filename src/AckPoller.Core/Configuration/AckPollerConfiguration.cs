using Microsoft.Extensions.Configuration;

namespace AckPoller.Core.Configuration;

/// <summary>Reads appsettings.json (or the file given with --config) and ACKPOLLER__… environment variables,
/// binds <see cref="AckPollerOptions"/> and validates it, refusing secrets written into the file.</summary>
public static class AckPollerConfiguration
{
    public const string EnvironmentPrefix = "ACKPOLLER__";
    public const string DefaultFileName = "appsettings.json";

    public static IConfigurationRoot Build(string? configFile, string workingDirectory)
    {
        var path = Path.GetFullPath(configFile ?? DefaultFileName, workingDirectory);
        if (configFile is not null && !File.Exists(path))
        {
            throw new ConfigurationException([$"--config: file '{path}' does not exist."]);
        }

        return new ConfigurationBuilder()
            .AddJsonFile(path, optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .Build();
    }

    public static AckPollerOptions Bind(IConfiguration configuration)
    {
        var options = new AckPollerOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key, e.g. "Failed to convert configuration value at 'Accounts:0:AuthKind'…".
            throw new ConfigurationException([ex.Message], ex);
        }

        return options;
    }

    /// <summary>Binds and validates; throws <see cref="ConfigurationException"/> listing every problem.</summary>
    public static AckPollerOptions LoadValidated(IConfigurationRoot configuration, AckPollerOptionsValidator? validator = null)
    {
        var errors = new List<string>(SecretsInFileGuard.Find(configuration));
        errors.AddRange(RawValueChecks.Find(configuration));
        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }

        var options = Bind(configuration);
        errors.AddRange((validator ?? new AckPollerOptionsValidator()).Collect(options));
        return errors.Count > 0 ? throw new ConfigurationException(errors) : options;
    }
}
