using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AckPoller.Mail.Transport;

/// <summary>Decides whether to trust a server certificate: system roots, plus the configured extra CA file.
/// Host name mismatches are never forgiven unless invalid certificates are explicitly allowed.</summary>
internal sealed class ServerCertificateValidator
{
    private readonly TlsOptions _options;
    private readonly X509Certificate2Collection _extraRoots;

    public ServerCertificateValidator(TlsOptions options)
    {
        _options = options;
        _extraRoots = LoadExtraRoots(options.ExtraCaFile);
    }

    /// <summary>Why the last certificate was refused, for the error message.</summary>
    public string? LastFailure { get; private set; }

    public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_options.AllowInvalidCertificates || errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            LastFailure = "the server presented no certificate";
            return false;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            LastFailure = "the certificate does not name this host";
            return false;
        }

        if (_extraRoots.Count == 0)
        {
            LastFailure = "the certificate chain is not trusted: " + DescribeChain(chain);
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_extraRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        if (custom.Build(leaf))
        {
            return true;
        }

        LastFailure = "the certificate chain is not trusted by the system or the extra CA file: " + DescribeChain(custom);
        return false;
    }

    private static string DescribeChain(X509Chain? chain)
    {
        if (chain is null || chain.ChainStatus.Length == 0)
        {
            return "unknown chain error";
        }

        return string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
    }

    private static X509Certificate2Collection LoadExtraRoots(string? file)
    {
        var roots = new X509Certificate2Collection();
        if (string.IsNullOrEmpty(file))
        {
            return roots;
        }

        try
        {
            roots.ImportFromPemFile(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new MailTlsException($"Cannot read the extra CA file '{file}': {ex.Message}", ex);
        }

        if (roots.Count == 0)
        {
            throw new MailTlsException($"The extra CA file '{file}' contains no PEM certificate.");
        }

        return roots;
    }
}
