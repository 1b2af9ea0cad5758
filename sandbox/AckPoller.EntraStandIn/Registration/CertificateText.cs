using System.Security.Cryptography.X509Certificates;

namespace AckPoller.EntraStandIn.Registration;

/// <summary>Reads a registered certificate given as PEM text or as a path to a PEM, DER or PFX file.</summary>
public static class CertificateText
{
    public static X509Certificate2 Load(string certificate)
    {
        if (certificate.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            return X509Certificate2.CreateFromPem(certificate);
        }

        if (!File.Exists(certificate))
        {
            throw new InvalidOperationException($"Registered certificate '{certificate}' is neither PEM text nor an existing file.");
        }

        var extension = Path.GetExtension(certificate).ToLowerInvariant();
        if (extension is ".pfx" or ".p12")
        {
            return X509CertificateLoader.LoadPkcs12FromFile(certificate, password: null);
        }

        var text = File.ReadAllText(certificate);
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificateFromFile(certificate);
    }

    /// <summary>The PEM text of a certificate's public part, for registering it in process.</summary>
    public static string ToPem(X509Certificate2 certificate) => certificate.ExportCertificatePem();
}
