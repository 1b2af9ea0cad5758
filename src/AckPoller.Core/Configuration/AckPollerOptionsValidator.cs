using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AckPoller.Core.Configuration;

/// <summary>Checks the whole configuration at start-up; every message starts with the configuration key it is about,
/// e.g. "Accounts:0:ClientSecretEnv: environment variable X is not set".</summary>
public sealed partial class AckPollerOptionsValidator : IValidateOptions<AckPollerOptions>
{
    private readonly Func<string, string?> _environment;
    private readonly Func<string, bool> _fileExists;

    public AckPollerOptionsValidator()
        : this(Environment.GetEnvironmentVariable, File.Exists)
    {
    }

    public AckPollerOptionsValidator(Func<string, string?> environment, Func<string, bool> fileExists)
    {
        _environment = environment;
        _fileExists = fileExists;
    }

    public ValidateOptionsResult Validate(string? name, AckPollerOptions options)
    {
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public IReadOnlyList<string> Collect(AckPollerOptions options)
    {
        var errors = new List<string>();
        ValidateStorage(options.Storage, errors);
        StorageOptionsValidation.Validate(options.Storage, _environment, _fileExists, errors);
        ValidateTokenCache(options.TokenCache, errors);
        ValidateAuth(options.Auth, errors);
        ValidateSchedulingSections(options, errors);
        AlertsOptionsValidation.Validate(options, errors);
        RepliesOptionsValidator.Validate(options.Replies, errors);
        WebOptionsValidation.Validate(options.Web, _environment, _fileExists, errors);
        IntegrationsOptionsValidation.Validate(options.Integrations, _environment, _fileExists, errors);
        WebhookOptionsValidation.Validate(options.Webhooks, _environment, _fileExists, errors);
        TelemetryOptionsValidation.Validate(options.Telemetry, _environment, _fileExists, errors);
        if (options.Accounts.Count == 0)
        {
            errors.Add("Accounts: no mail account is configured; add at least one under \"Accounts\".");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var account = options.Accounts[i];
            var key = $"Accounts:{i}";
            if (!string.IsNullOrWhiteSpace(account.Name) && !names.Add(account.Name))
            {
                errors.Add($"{key}:Name: '{account.Name}' is used by another account; names must be unique.");
            }

            ValidateAccount(key, account, errors);
        }

        return errors;
    }

    private static void ValidateStorage(StorageOptions storage, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(storage.DatabasePath))
        {
            errors.Add("Storage:DatabasePath: must name the SQLite database file, e.g. ./data/ackpoller.db.");
        }

        if (storage.BusyTimeout <= TimeSpan.Zero)
        {
            errors.Add("Storage:BusyTimeout: must be positive, e.g. 00:00:10.");
        }
    }

    private void ValidateTokenCache(TokenCacheOptions tokenCache, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(tokenCache.KeyEnv) && string.IsNullOrWhiteSpace(tokenCache.KeyFile))
        {
            errors.Add("TokenCache:KeyFile: set KeyEnv or KeyFile so the token cache can be encrypted.");
            return;
        }

        if (!string.IsNullOrWhiteSpace(tokenCache.KeyEnv) && _environment(tokenCache.KeyEnv) is { Length: > 0 } value
            && !TokenCacheKeyFormat.TryDecode(value, out _))
        {
            errors.Add($"TokenCache:KeyEnv: environment variable {tokenCache.KeyEnv} must hold 32 bytes in base64 (e.g. from 'openssl rand -base64 32').");
        }
    }

    private static void ValidateAuth(AuthOptions auth, List<string> errors)
    {
        if (auth.KeepAliveInterval < TimeSpan.FromHours(1) || auth.KeepAliveInterval >= TimeSpan.FromDays(90))
        {
            errors.Add("Auth:KeepAliveInterval: must be between 01:00:00 and 89 days so refresh tokens never reach the 90-day inactivity limit (default 7.00:00:00).");
        }

        if (auth.ExpiryWarningDays is < 0 or > 365)
        {
            errors.Add("Auth:ExpiryWarningDays: must be between 0 and 365.");
        }

        for (var i = 0; i < auth.AdminAddresses.Count; i++)
        {
            if (!LooksLikeAddress(auth.AdminAddresses[i]))
            {
                errors.Add($"Auth:AdminAddresses:{i}: '{auth.AdminAddresses[i]}' is not an email address.");
            }
        }

        if (auth.TokenRequestTimeout <= TimeSpan.Zero)
        {
            errors.Add("Auth:TokenRequestTimeout: must be positive.");
        }

        if (auth.TransientRetries is < 0 or > 20)
        {
            errors.Add("Auth:TransientRetries: must be between 0 and 20.");
        }
    }

    private void ValidateAccount(string key, MailAccountOptions account, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(account.Name))
        {
            errors.Add($"{key}:Name: is required (a short name such as \"oncall\").");
        }
        else if (!AccountNamePattern().IsMatch(account.Name))
        {
            errors.Add($"{key}:Name: '{account.Name}' may contain only letters, digits, '.', '_' and '-' (at most 64).");
        }

        if (!LooksLikeAddress(account.Mailbox))
        {
            errors.Add($"{key}:Mailbox: '{account.Mailbox}' is not an email address.");
        }

        ValidateServer($"{key}:IncomingServer", account.IncomingServer, account.Protocol == MailProtocol.Imap ? ["imap", "imaps"] : ["pop3", "pop3s"], required: true, errors);
        ValidateServer($"{key}:SmtpServer", account.SmtpServer, ["smtp", "smtps"], required: false, errors);
        account.Processing.Validate($"{key}:Processing", errors);

        if (account.UsesMsal)
        {
            ValidateMsalAccount(key, account, errors);
        }
        else if (account.AuthKind == AccountAuthKind.AccessToken)
        {
            ValidateAccessTokenAccount(key, account, errors);
        }
        else
        {
            var sources = CountSet(account.Password, account.PasswordEnv, account.PasswordFile);
            if (sources == 0)
            {
                errors.Add($"{key}:PasswordEnv: AuthKind Password needs the password from an environment variable (PasswordEnv) or a file (PasswordFile).");
            }

            CheckEnv($"{key}:PasswordEnv", account.PasswordEnv, errors);
            CheckFile($"{key}:PasswordFile", account.PasswordFile, errors);
        }
    }

    private void ValidateAccessTokenAccount(string key, MailAccountOptions account, List<string> errors)
    {
        var sources = CountSet(account.AccessToken, account.AccessTokenEnv, account.AccessTokenFile);
        if (sources == 0)
        {
            errors.Add($"{key}:AccessTokenFile: AuthKind AccessToken needs the token from a file (AccessTokenFile) or an environment variable (AccessTokenEnv).");
        }
        else if (sources > 1)
        {
            errors.Add($"{key}:AccessTokenFile: give the access token one way only (AccessTokenEnv or AccessTokenFile).");
        }

        CheckEnv($"{key}:AccessTokenEnv", account.AccessTokenEnv, errors);
        CheckFile($"{key}:AccessTokenFile", account.AccessTokenFile, errors);
    }

    private void ValidateMsalAccount(string key, MailAccountOptions account, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(account.ClientId))
        {
            errors.Add($"{key}:ClientId: is required for {account.AuthKind} (the app registration's Application (client) ID).");
        }

        var authorityNeedsTenant = string.IsNullOrWhiteSpace(account.Authority) || account.Authority.Contains("{tenant}", StringComparison.OrdinalIgnoreCase);
        if (authorityNeedsTenant && string.IsNullOrWhiteSpace(account.TenantId))
        {
            errors.Add($"{key}:TenantId: is required for {account.AuthKind} (the Directory (tenant) ID).");
        }

        if (!string.IsNullOrWhiteSpace(account.Authority)
            && (!Uri.TryCreate(account.ResolvedAuthority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{key}:Authority: '{account.Authority}' must be an https URL such as https://login.microsoftonline.com/{{tenant}}.");
        }

        var secretSources = CountSet(account.ClientSecret, account.ClientSecretEnv, account.ClientSecretFile);
        var hasCertificate = !string.IsNullOrWhiteSpace(account.CertificateFile);
        if (secretSources > 1)
        {
            errors.Add($"{key}:ClientSecretEnv: give the client secret one way only (ClientSecretEnv or ClientSecretFile).");
        }

        if (secretSources > 0 && hasCertificate)
        {
            errors.Add($"{key}:CertificateFile: configure either a client secret or a certificate, not both.");
        }

        var needsCredential = account.AuthKind is AccountAuthKind.DelegatedAuthorizationCode or AccountAuthKind.ClientCredentials;
        if (needsCredential && secretSources == 0 && !hasCertificate)
        {
            errors.Add($"{key}:ClientSecretEnv: {account.AuthKind} needs the app's credential: a client secret (ClientSecretEnv or ClientSecretFile) or a certificate (CertificateFile).");
        }

        CheckEnv($"{key}:ClientSecretEnv", account.ClientSecretEnv, errors);
        CheckFile($"{key}:ClientSecretFile", account.ClientSecretFile, errors);
        CheckFile($"{key}:CertificateFile", account.CertificateFile, errors);
        CheckFile($"{key}:CertificateKeyFile", account.CertificateKeyFile, errors);
        CheckEnv($"{key}:CertificatePasswordEnv", account.CertificatePasswordEnv, errors);

        if (account.AuthKind == AccountAuthKind.DelegatedAuthorizationCode)
        {
            if (string.IsNullOrWhiteSpace(account.RedirectUri))
            {
                errors.Add($"{key}:RedirectUri: is required for DelegatedAuthorizationCode: AckPoller's own callback, e.g. https://ackpoller.example.com/oauth/callback, registered on the app.");
            }
            else if (!Uri.TryCreate(account.RedirectUri, UriKind.Absolute, out var redirect) || (redirect.Scheme != Uri.UriSchemeHttps && redirect.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{key}:RedirectUri: '{account.RedirectUri}' must be an absolute http(s) URL.");
            }
        }
    }

    private static void ValidateServer(string key, string? value, string[] schemes, bool required, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add($"{key}: is required, e.g. {schemes[^1]}://outlook.office365.com.");
            }

            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || Array.IndexOf(schemes, uri.Scheme) < 0 || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add($"{key}: '{value}' must be a URL with scheme {string.Join(" or ", schemes)} and a host, e.g. {schemes[^1]}://outlook.office365.com.");
        }
    }

    private void CheckEnv(string key, string? variable, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(variable) && string.IsNullOrEmpty(_environment(variable)))
        {
            errors.Add($"{key}: environment variable {variable} is not set or empty.");
        }
    }

    private void CheckFile(string key, string? path, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(path) && !_fileExists(path))
        {
            errors.Add($"{key}: file '{path}' does not exist.");
        }
    }

    private static int CountSet(params string?[] values)
    {
        var count = 0;
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                count++;
            }
        }

        return count;
    }

    private static bool LooksLikeAddress(string? value) => Mail.Mime.EmailAddress.IsValid(value);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex AccountNamePattern();
}
