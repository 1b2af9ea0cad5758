using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AckPoller.Core.Tests.Support;

/// <summary>A loopback server that plays one transcript per connection, in order: "S: " lines are sent, "C: " lines
/// are read and compared ("C: *" accepts any line). <see cref="Done"/> completes when every script ran out; it fails
/// with the first client line that differs.</summary>
internal sealed class ScriptedTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));

    public ScriptedTcpServer(params string[] transcripts)
    {
        _listener.Start();
        Done = PlayAllAsync(transcripts);
    }

    /// <summary>Every line the clients sent, in order.</summary>
    public List<string> ClientLines { get; } = [];

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Task Done { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await Done;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
        {
            // The test has its answer already; the server just stops.
        }

        _stop.Dispose();
    }

    private async Task PlayAllAsync(string[] transcripts)
    {
        foreach (var transcript in transcripts)
        {
            await PlayAsync(transcript.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    private async Task PlayAsync(string[] lines)
    {
        using var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
        var stream = socket.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        foreach (var line in lines)
        {
            if (line.StartsWith("S:", StringComparison.Ordinal))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes((line.Length > 3 ? line[3..] : string.Empty) + "\r\n"), _stop.Token);
            }
            else
            {
                var sent = await reader.ReadLineAsync(_stop.Token) ?? throw new IOException($"The client closed the connection; expected: {line}");
                ClientLines.Add(sent);
                var expected = line[3..];
                if (expected != "*" && sent != expected)
                {
                    throw new InvalidOperationException($"The client sent '{sent}' but the script expects '{expected}'");
                }
            }
        }
    }
}
