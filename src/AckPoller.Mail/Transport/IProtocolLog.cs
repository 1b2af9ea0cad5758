namespace AckPoller.Mail.Transport;

/// <summary>Receives the conversation with a mail server. The connection redacts secrets before calling it,
/// so an implementation can write what it gets as it is.</summary>
public interface IProtocolLog
{
    void Connected(string host, int port, bool tls);

    void ClientSent(ReadOnlySpan<byte> data);

    void ServerSent(ReadOnlySpan<byte> data);
}
