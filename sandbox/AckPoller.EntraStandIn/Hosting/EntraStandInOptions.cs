using System.Security.Cryptography.X509Certificates;
using AckPoller.EntraStandIn.Registration;
using AckPoller.EntraStandIn.Tokens;
using AckPoller.Sandbox;

namespace AckPoller.EntraStandIn.Hosting;

/// <summary>How a stand-in instance listens, signs and behaves. <see cref="ForSandbox"/> gives the settings that make
/// the sandbox mail servers accept its tokens; the defaults suit tests that never reach a mail server.</summary>
public sealed class EntraStandInOptions
{
    /// <summary>The tenant id of sandbox.env (JWT_TENANT); issuers carry it.</summary>
    public const string DefaultTenantId = "5f0c2a4e-7d1b-4c3a-9e8f-a0b1c2d3e4f5";

    /// <summary>https://localhost:PORT; port 0 picks a free one (listening on 127.0.0.1 only).</summary>
    public string Url { get; set; } = "https://localhost:10443";

    public string TenantId { get; set; } = DefaultTenantId;

    /// <summary>Any address in this domain can sign in.</summary>
    public string UserDomain { get; set; } = "sandbox.test";

    /// <summary>The password every user signs in with (sandbox.json's password under <see cref="ForSandbox"/>).</summary>
    public string UserPassword { get; set; } = "sandbox-password";

    public TokenSigning Signing { get; set; } = TokenSigning.Ephemeral();

    /// <summary>The HTTPS certificate (with private key). Null: an ephemeral CA issues one for localhost.</summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>The CA that issued <see cref="ServerCertificate"/>, which clients must trust.</summary>
    public X509Certificate2? ServerCertificateIssuer { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan DeviceCodeLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The device code polling interval handed to clients (0 makes MSAL poll flat out).</summary>
    public TimeSpan DeviceCodeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A refresh token unused for longer is refused with AADSTS700082.</summary>
    public TimeSpan RefreshTokenMaxInactive { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Lets GET /authorize?login_hint=...&amp;sandbox_auto_approve=true sign the hinted user in without the form.</summary>
    public bool AllowAutoApprove { get; set; } = true;

    public IList<AppRegistration> Apps { get; } = [];

    public IList<UserRegistration> Users { get; } = [];

    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>ASP.NET Core's console log (requests, errors); off for tests.</summary>
    public bool LogToConsole { get; set; }

    /// <summary>Sandbox signing key, kid, issuer, user name claim, domain and password; the tenant id from the issuer;
    /// the sandbox's own localhost server certificate (tls/server.pem + server.key beside the CA) when readable.</summary>
    public static EntraStandInOptions ForSandbox(SandboxSettings settings)
    {
        var options = new EntraStandInOptions
        {
            Signing = TokenSigning.FromSandbox(settings),
            UserDomain = settings.Domain,
            UserPassword = settings.Password,
            TenantId = TenantFromIssuer(settings.Jwt.Issuer) ?? DefaultTenantId,
        };
        var tlsFolder = Path.GetDirectoryName(settings.CaFile);
        if (tlsFolder is not null && File.Exists(settings.CaFile))
        {
            var certFile = Path.Combine(tlsFolder, "server.pem");
            var keyFile = Path.Combine(tlsFolder, "server.key");
            if (File.Exists(certFile) && File.Exists(keyFile))
            {
                try
                {
                    options.ServerCertificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
                    options.ServerCertificateIssuer = X509Certificate2.CreateFromPem(File.ReadAllText(settings.CaFile));
                }
                catch (UnauthorizedAccessException)
                {
                    // The key belongs to root (the sandbox started through sudo): the caller falls back to its own CA.
                    options.ServerCertificate = null;
                }
            }
        }

        return options;
    }

    private static string? TenantFromIssuer(string issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
            ? uri.Segments.Select(segment => segment.Trim('/')).FirstOrDefault(segment => Guid.TryParse(segment, out _))
            : null;
}
