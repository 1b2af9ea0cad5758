using System.Net;
using System.Net.Sockets;

namespace AckPoller.Integration.Tests.Storage;

/// <summary>A loopback TCP relay in front of the private PostgreSQL server that a test can cut and restore, so a node
/// loses its database mid-run while the server itself keeps running for the test's own checks. Cut: every relayed
/// connection is reset at once and every new one is reset as soon as it is accepted (the node sees the server go away
/// and come back on the same address).</summary>
internal sealed class DatabaseRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    public DatabaseRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections refused while cut.</summary>
    public int Refused { get; private set; }

    public void Cut()
    {
        _cut = true;
        ResetAll();
    }

    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        ResetAll();
        try
        {
            await _accepting;
        }
        catch (Exception)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private void ResetAll()
    {
        lock (_open)
        {
            foreach (var client in _open)
            {
                Reset(client);
            }

            _open.Clear();
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client is { Connected: true } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed already.
        }

        client.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            if (_cut)
            {
                Refused++;
                Reset(inbound);
                continue;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                Reset(inbound);
                outbound.Dispose();
                continue;
            }

            lock (_open)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = RelayAsync(inbound, outbound);
            _ = RelayAsync(outbound, inbound);
        }
    }

    private static async Task RelayAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception)
        {
            // Either side closed or was reset.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
