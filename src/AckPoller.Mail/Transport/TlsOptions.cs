using System.Security.Authentication;

namespace AckPoller.Mail.Transport;

/// <summary>TLS settings. Certificate validation is always on unless <see cref="AllowInvalidCertificates"/>
/// is set explicitly; an extra CA file (e.g. the sandbox's) can be trusted in addition to the system roots.</summary>
public sealed record TlsOptions
{
    /// <summary>A PEM file of CA certificates trusted in addition to the operating system's roots.</summary>
    public string? ExtraCaFile { get; init; }

    /// <summary>Accept any server certificate. Never the default; only for explicitly configured test setups.</summary>
    public bool AllowInvalidCertificates { get; init; }

    /// <summary>TLS 1.2 and 1.3 unless configured otherwise.</summary>
    public SslProtocols Protocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;
}
