namespace AckPoller.Mail.Transport;

/// <summary>Settings shared by every protocol client's connection.</summary>
public sealed record MailConnectionOptions
{
    public TlsOptions Tls { get; init; } = new();

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a single read or write may wait for the server before the connection is dropped.</summary>
    public TimeSpan ReadWriteTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest response line accepted (literals excluded), so a hostile server cannot exhaust memory.</summary>
    public int MaxLineLength { get; init; } = 1024 * 1024;

    /// <summary>Receives a trace of the conversation; secrets are redacted before it sees them.</summary>
    public IProtocolLog? ProtocolLog { get; init; }
}
