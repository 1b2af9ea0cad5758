namespace AckPoller.Mail.Transport;

/// <summary>How a connection is secured.</summary>
public enum TlsMode
{
    /// <summary>TLS from the first byte (imaps, pop3s, smtps).</summary>
    Implicit,

    /// <summary>Plain connect, then STARTTLS/STLS before anything else; refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>No TLS at all. Only for explicitly configured local test servers.</summary>
    None,
}
