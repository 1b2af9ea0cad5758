using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AckPoller.EntraStandIn.Hosting;

/// <summary>Server certificate validation that trusts one extra CA (the sandbox's) besides nothing else;
/// the host name must still match.</summary>
public static class CustomCaValidation
{
    public static RemoteCertificateValidationCallback Callback(X509Certificate2 trustedCa) =>
        (_, certificate, _, errors) => IsTrusted(trustedCa, certificate as X509Certificate2, errors);

    public static bool IsTrusted(X509Certificate2 trustedCa, X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
