using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AckPoller.EntraStandIn.Registration;

namespace AckPoller.EntraStandIn.Hosting;

/// <summary>The app registered by default in the stand-in process, for the demo: confidential (secret and certificate)
/// and allowing public client flows (device code), with loopback redirect URIs and an app-only mailbox.</summary>
public static class DemoRegistration
{
    public const string ClientId = "3c1d5f7a-2b4e-4a6c-8d9e-0f1a2b3c4d5e";
    public const string ClientSecret = "ackpoller-sandbox-demo-secret";
    public const string AppMailboxLocalPart = "ackpoller";

    /// <summary>The demo app; its client certificate (PFX with key) is created in <paramref name="folder"/> once and reused.</summary>
    public static (AppRegistration App, string CertificatePfx) Create(string folder, string domain)
    {
        Directory.CreateDirectory(folder);
        var pfx = Path.Combine(folder, "demo-client.pfx");
        if (!File.Exists(pfx))
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=AckPoller demo client", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(3));
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx));
        }

        using var loaded = X509CertificateLoader.LoadPkcs12FromFile(pfx, password: null);
        var app = new AppRegistration
        {
            ClientId = ClientId,
            DisplayName = "AckPoller (sandbox demo)",
            Secrets = [new AppSecret { Value = ClientSecret }],
            Certificates = [CertificateText.ToPem(loaded)],
            RedirectUris = ["http://localhost", "http://localhost:10080/auth/callback", "https://localhost:10443/auth/callback"],
            AllowPublicClient = true,
            AppMailbox = $"{AppMailboxLocalPart}@{domain}",
        };
        return (app, pfx);
    }
}
