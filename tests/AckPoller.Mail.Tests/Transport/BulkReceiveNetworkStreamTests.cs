using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Transport;

/// <summary>Bulk receive mode on a real loopback socket (the behaviour lives in the kernel: SO_RCVLOWAT, poll, epoll).
/// Linux only, like the mode itself; the CI and the sandbox run Linux.</summary>
[Trait("Category", "Unit")]
public sealed class BulkReceiveNetworkStreamTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private Socket _server = null!;
    private BulkReceiveNetworkStream _client = null!;

    public async Task InitializeAsync()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptAsync();

        // An asynchronous connect registers the socket with the runtime's epoll, as in MailConnection.
        await socket.ConnectAsync(listener.LocalEndPoint!);
        _server = await accepting;
        _server.NoDelay = true;
        _client = new BulkReceiveNetworkStream(socket);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _client?.Dispose();
        _server?.Dispose();
    }

    [Fact]
    public async Task In_bulk_mode_a_stream_of_small_segments_is_received_in_few_reads()
    {
        Assert.True(OperatingSystem.IsLinux(), "bulk receive mode is Linux-only");
        const int Chunks = 400;
        const int ChunkSize = 1000;
        _client.BulkMode = true;

        // One segment every 50 µs, like Dovecot streaming a FETCH; without bulk mode each one wakes the reader.
        var sending = Task.Factory.StartNew(() => SendPaced(Chunks, ChunkSize, TimeSpan.FromMicroseconds(50)), TaskCreationOptions.LongRunning);
        var watch = Stopwatch.StartNew();
        var (octets, reads) = await ReadAsync(Chunks * ChunkSize);
        await sending;
        var elapsed = watch.Elapsed.TotalMilliseconds;

        Assert.Equal(Chunks * ChunkSize, octets);
        Assert.True(reads < Chunks / 2, $"{reads} reads for {Chunks} segments, {_client.BulkWaits} waits, {elapsed:0.0} ms");
        Assert.True(_client.BulkWaits > 0);
    }

    [Fact]
    public async Task A_bulk_read_on_a_silent_socket_waits_asynchronously_and_is_woken_by_one_byte()
    {
        _client.BulkMode = true;
        var buffer = new byte[64 * 1024];
        var read = _client.ReadAsync(buffer).AsTask();
        await Task.Delay(50);
        Assert.False(read.IsCompleted);

        // A final reply far below the low-water mark must still wake the asynchronous read.
        _server.Send([42]);
        Assert.Equal(1, await read.WaitAsync(Patience));
        Assert.Equal(42, buffer[0]);
    }

    [Fact]
    public async Task Ending_bulk_mode_restores_a_low_water_mark_of_one_byte()
    {
        _client.BulkMode = true;
        var buffer = new byte[64 * 1024];
        using var stop = new CancellationTokenSource();
        var sending = Task.Factory.StartNew(() => SendUntil(stop.Token), TaskCreationOptions.LongRunning);
        var deadline = Stopwatch.StartNew();
        while (LowWaterMark() == 1 && deadline.Elapsed < Patience)
        {
            _ = await _client.ReadAsync(buffer);
        }

        await stop.CancelAsync();
        await sending;
        var raised = LowWaterMark();
        Assert.InRange(raised, 2, BulkReceiveNetworkStream.LowWater);
        Assert.True(raised <= _client.Socket.ReceiveBufferSize / 4, $"low-water mark {raised} for a {_client.Socket.ReceiveBufferSize}-byte buffer");

        _client.BulkMode = false;
        Assert.Equal(1, LowWaterMark());
    }

    [Fact]
    public async Task Cancelling_a_bulk_read_on_a_silent_socket_ends_it_promptly()
    {
        _client.BulkMode = true;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await _client.ReadAsync(new byte[1024], cancel.Token));
        Assert.True(watch.Elapsed < Patience, $"cancelled after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Outside_bulk_mode_reads_never_wait_for_a_bulk()
    {
        _server.Send(new byte[100]);
        Assert.Equal(100, await _client.ReadAsync(new byte[1024]).AsTask().WaitAsync(Patience));
        Assert.Equal(0, _client.BulkWaits);
        Assert.Equal(1, LowWaterMark());
    }

    private int LowWaterMark() => (int)_client.Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater)!;

    private async Task<(int Octets, int Reads)> ReadAsync(int expected)
    {
        var buffer = new byte[64 * 1024];
        var octets = 0;
        var reads = 0;
        using var timeout = new CancellationTokenSource(Patience);
        while (octets < expected)
        {
            var read = await _client.ReadAsync(buffer, timeout.Token);
            Assert.NotEqual(0, read);
            octets += read;
            reads++;
        }

        return (octets, reads);
    }

    private void SendPaced(int chunks, int chunkSize, TimeSpan interval)
    {
        var chunk = new byte[chunkSize];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < chunks; i++)
        {
            // Paced by deadline, so a descheduled sender catches up instead of stretching the stream.
            var due = start + (i * interval.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond);
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.SpinWait(20);
            }

            _server.Send(chunk);
        }
    }

    private void SendUntil(CancellationToken stop)
    {
        var chunk = new byte[500];
        while (!stop.IsCancellationRequested)
        {
            _server.Send(chunk);
            var due = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 10_000);
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.SpinWait(20);
            }
        }
    }
}
