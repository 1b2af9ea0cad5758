namespace AckPoller.Mail.Transport;

/// <summary>Where a mail server listens and how the connection to it is secured.</summary>
public sealed record MailEndpoint(string Host, int Port, TlsMode Tls)
{
    public override string ToString() => $"{Host}:{Port} ({Tls})";
}
