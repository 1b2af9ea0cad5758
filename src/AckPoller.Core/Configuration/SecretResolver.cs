namespace AckPoller.Core.Configuration;

/// <summary>Reads an account's secrets from where the configuration points: the environment or a file. Never logs them.</summary>
public sealed class SecretResolver
{
    private readonly Func<string, string?> _environment;

    public SecretResolver()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    public SecretResolver(Func<string, string?> environment) => _environment = environment;

    public string? ClientSecret(MailAccountOptions account) =>
        Resolve(account.ClientSecret, account.ClientSecretEnv, account.ClientSecretFile);

    public string? Password(MailAccountOptions account) =>
        Resolve(account.Password, account.PasswordEnv, account.PasswordFile);

    /// <summary>Read again at every call: an outside agent may have replaced the token since.</summary>
    public string? AccessToken(MailAccountOptions account) =>
        Resolve(account.AccessToken, account.AccessTokenEnv, account.AccessTokenFile);

    public string? CertificatePassword(MailAccountOptions account) =>
        Resolve(account.CertificatePassword, account.CertificatePasswordEnv, null);

    private string? Resolve(string? direct, string? variable, string? file)
    {
        if (!string.IsNullOrEmpty(direct))
        {
            return direct;
        }

        if (!string.IsNullOrWhiteSpace(variable))
        {
            return _environment(variable) is { Length: > 0 } value ? value : null;
        }

        if (!string.IsNullOrWhiteSpace(file) && File.Exists(file))
        {
            var value = File.ReadAllText(file).Trim();
            return value.Length > 0 ? value : null;
        }

        return null;
    }
}
