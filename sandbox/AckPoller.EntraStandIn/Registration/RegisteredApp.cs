using System.Security.Cryptography.X509Certificates;

namespace AckPoller.EntraStandIn.Registration;

/// <summary>An app registration with its certificates loaded, as the token endpoint uses it.</summary>
public sealed class RegisteredApp
{
    public RegisteredApp(AppRegistration registration)
    {
        Registration = registration;
        Certificates = registration.Certificates.Select(CertificateText.Load).ToArray();
    }

    public AppRegistration Registration { get; }

    public string ClientId => Registration.ClientId;

    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>True when the app holds a credential, so redemption without one is refused unless public flows are allowed.</summary>
    public bool IsConfidential => Registration.Secrets.Count > 0 || Certificates.Count > 0;

    public bool AllowsRedirectUri(string redirectUri) =>
        Registration.RedirectUris.Any(uri => string.Equals(uri, redirectUri, StringComparison.Ordinal));
}
