using System.Text;

namespace AckPoller.Mail.Transport;

/// <summary>Writes the conversation as text, one line per protocol line, "C: " and "S: " prefixed.</summary>
public sealed class TextProtocolLog : IProtocolLog
{
    private readonly TextWriter _writer;
    private readonly object _gate = new();

    public TextProtocolLog(TextWriter writer) => _writer = writer;

    public void Connected(string host, int port, bool tls)
    {
        lock (_gate)
        {
            _writer.WriteLine($"Connected to {host}:{port}{(tls ? " (TLS)" : string.Empty)}");
        }
    }

    public void ClientSent(ReadOnlySpan<byte> data) => Write("C: ", data);

    public void ServerSent(ReadOnlySpan<byte> data) => Write("S: ", data);

    private void Write(string prefix, ReadOnlySpan<byte> data)
    {
        var text = Encoding.UTF8.GetString(data).TrimEnd('\r', '\n');
        lock (_gate)
        {
            foreach (var line in text.Split('\n'))
            {
                _writer.Write(prefix);
                _writer.WriteLine(line.TrimEnd('\r'));
            }
        }
    }
}
