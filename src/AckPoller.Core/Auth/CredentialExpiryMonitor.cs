using AckPoller.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Auth;

/// <summary>Finds client secrets (by the configured ClientSecretExpiresOn) and certificates (by NotAfter) that expire
/// within Auth:ExpiryWarningDays. Called by a scheduled job that notifies the admins.</summary>
public sealed class CredentialExpiryMonitor
{
    private readonly AckPollerOptions _options;
    private readonly SecretResolver _secrets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public CredentialExpiryMonitor(AckPollerOptions options, SecretResolver secrets, TimeProvider time, ILogger<CredentialExpiryMonitor> logger)
    {
        _options = options;
        _secrets = secrets;
        _time = time;
        _logger = logger;
    }

    public IReadOnlyList<CredentialExpiryWarning> Check()
    {
        var now = _time.GetUtcNow();
        var horizon = TimeSpan.FromDays(_options.Auth.ExpiryWarningDays);
        var warnings = new List<CredentialExpiryWarning>();
        foreach (var account in _options.Accounts)
        {
            if (account.AuthKind is not (AccountAuthKind.DelegatedAuthorizationCode or AccountAuthKind.ClientCredentials))
            {
                continue;
            }

            if (!string.IsNullOrWhiteSpace(account.CertificateFile))
            {
                try
                {
                    var notAfter = Auth.CertificateLoader.ReadNotAfter(account.CertificateFile, _secrets.CertificatePassword(account));
                    Add(warnings, account.Name, "certificate", notAfter, now, horizon);
                }
                catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException)
                {
                    AuthLog.CannotReadCertificateExpiry(_logger, account.Name, ex.Message);
                }
            }
            else if (account.ClientSecretExpiresOn is { } expires)
            {
                Add(warnings, account.Name, "client secret", expires, now, horizon);
            }
        }

        foreach (var warning in warnings)
        {
            AuthLog.CredentialExpiring(_logger, warning.Message);
        }

        return warnings;
    }

    private static void Add(List<CredentialExpiryWarning> warnings, string account, string credential, DateTimeOffset expires, DateTimeOffset now, TimeSpan horizon)
    {
        var left = expires - now;
        if (left <= horizon)
        {
            warnings.Add(new CredentialExpiryWarning(account, credential, expires, (int)Math.Floor(left.TotalDays)));
        }
    }
}
