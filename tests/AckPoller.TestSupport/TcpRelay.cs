using System.Net;
using System.Net.Sockets;

namespace AckPoller.TestSupport;

/// <summary>A loopback TCP relay in front of a server port (a sandbox mail port, the private PostgreSQL server) that a
/// test can cut, which the client sees exactly as a server-side disconnect while the server itself keeps running for the
/// test's own checks. <see cref="DropAll"/> resets every relayed connection once; <see cref="Cut"/> also resets every
/// new connection as soon as it is accepted until <see cref="Restore"/> (the server goes away and comes back on the same
/// address).</summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    public TcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections relayed to the server.</summary>
    public int Accepted { get; private set; }

    /// <summary>Connections refused while cut.</summary>
    public int Refused { get; private set; }

    /// <summary>Resets every relayed connection now; new connections are still relayed.</summary>
    public void DropAll()
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

    /// <summary>Resets every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        DropAll();
    }

    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
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
                Accepted++;
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
