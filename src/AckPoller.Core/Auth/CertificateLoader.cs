using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AckPoller.Core.Auth;

/// <summary>Loads the app's certificate with its private key: PFX/PKCS#12, or PEM (certificate and key in one file or two,
/// the key optionally encrypted).</summary>
public static class CertificateLoader
{
    public static X509Certificate2 Load(string certificateFile, string? keyFile, string? password)
    {
        try
        {
            var extension = Path.GetExtension(certificateFile);
            if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(certificateFile, password, X509KeyStorageFlags.EphemeralKeySet);
            }

            var certificate = string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPemFile(certificateFile, keyFile)
                : X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, keyFile);
            if (!certificate.HasPrivateKey)
            {
                throw new CredentialLoadException($"The certificate {certificateFile} has no private key; give the key in the same PEM file or in CertificateKeyFile.");
            }

            return certificate;
        }
        catch (CryptographicException ex)
        {
            throw new CredentialLoadException($"Cannot load the certificate {certificateFile}: {ex.Message} (wrong password, or not a certificate with its private key).", ex);
        }
        catch (IOException ex)
        {
            throw new CredentialLoadException($"Cannot read the certificate {certificateFile}: {ex.Message}", ex);
        }
    }

    /// <summary>Only the expiry, for warnings: no private key needed.</summary>
    public static DateTimeOffset ReadNotAfter(string certificateFile, string? password)
    {
        var extension = Path.GetExtension(certificateFile);
        using var certificate = extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase)
            ? X509CertificateLoader.LoadPkcs12FromFile(certificateFile, password, X509KeyStorageFlags.EphemeralKeySet)
            : X509Certificate2.CreateFromPem(File.ReadAllText(certificateFile));
        return new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
    }
}
