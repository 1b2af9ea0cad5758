using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace AckPoller.Core.Configuration;

/// <summary>Refuses secret values written into a configuration file (or on the command line, where `ps` shows them):
/// secrets may only come from environment variables or from files named by *File keys.</summary>
public static class SecretsInFileGuard
{
    private static readonly string[] SecretKeys = ["ClientSecret", "Password", "CertificatePassword", "AccessToken"];

    public static IReadOnlyList<string> Find(IConfigurationRoot configuration)
    {
        var errors = new List<string>();
        var accounts = configuration.GetSection("Accounts").GetChildren();
        foreach (var account in accounts)
        {
            foreach (var secretKey in SecretKeys)
            {
                var key = $"{account.Path}:{secretKey}";
                foreach (var provider in configuration.Providers)
                {
                    if (provider is EnvironmentVariablesConfigurationProvider || !provider.TryGet(key, out var value) || string.IsNullOrEmpty(value))
                    {
                        continue;
                    }

                    errors.Add($"{key}: secrets are not accepted in the configuration file ({Describe(provider)}). Remove it, rotate it if the file was shared, " +
                        $"and give it through an environment variable named by {secretKey}Env" +
                        (secretKey == "CertificatePassword" ? "." : $" or a file named by {secretKey}File."));
                    break;
                }
            }
        }

        return errors;
    }

    private static string Describe(IConfigurationProvider provider) =>
        provider is FileConfigurationProvider file ? file.Source.Path ?? "file" : provider.GetType().Name;
}
