using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Auth;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class CredentialExpiryMonitorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Secrets_expiring_within_the_window_are_reported_and_later_ones_are_not()
    {
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions { Name = "soon", AuthKind = AccountAuthKind.ClientCredentials, ClientSecretExpiresOn = _time.GetUtcNow().AddDays(10) });
        options.Accounts.Add(new MailAccountOptions { Name = "later", AuthKind = AccountAuthKind.ClientCredentials, ClientSecretExpiresOn = _time.GetUtcNow().AddDays(60) });
        options.Accounts.Add(new MailAccountOptions { Name = "gone", AuthKind = AccountAuthKind.DelegatedAuthorizationCode, ClientSecretExpiresOn = _time.GetUtcNow().AddDays(-2) });

        var warnings = Monitor(options).Check();

        Assert.Equal(["soon", "gone"], warnings.Select(w => w.Account));
        Assert.Equal(10, warnings[0].DaysLeft);
        Assert.Contains("expires on 2026-01-11 (10 days)", warnings[0].Message);
        Assert.True(warnings[1].HasExpired);
    }

    [Fact]
    public void A_certificate_is_judged_by_its_not_after()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=AckPoller test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(_time.GetUtcNow().AddYears(-1), _time.GetUtcNow().AddDays(5));
        var pem = _dir.File("app.pem");
        File.WriteAllText(pem, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions { Name = "cert", AuthKind = AccountAuthKind.ClientCredentials, CertificateFile = pem });

        var warning = Assert.Single(Monitor(options).Check());

        Assert.Equal("certificate", warning.Credential);
        Assert.InRange(warning.DaysLeft, 4, 5);
    }

    private CredentialExpiryMonitor Monitor(AckPollerOptions options) =>
        new(options, new SecretResolver(_ => null), _time, NullLogger<CredentialExpiryMonitor>.Instance);
}
