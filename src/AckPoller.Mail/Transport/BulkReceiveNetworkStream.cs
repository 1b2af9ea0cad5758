using System.Net.Sockets;

namespace AckPoller.Mail.Transport;

/// <summary>A <see cref="NetworkStream"/> that can receive a long server response (a FETCH of thousands of messages)
/// with few thread wake-ups.
/// Why: on Linux the runtime watches every socket with edge-triggered epoll, so each arriving TCP segment wakes its epoll
/// thread, which hands the socket to a thread-pool worker (that then spins before sleeping) — also when no read is
/// waiting. Dovecot sends a bulk FETCH as ~600 segments of ~2.4 KB, so a fetch cost ~600 such double wake-ups and more
/// client CPU than the server's whole work, on the same two cores the server needs.
/// What: while <see cref="BulkMode"/> is on (Linux only), a read that finds the socket empty raises SO_RCVLOWAT to
/// <see cref="LowWater"/>, so the kernel signals readiness once per that many bytes instead of per segment, and waits
/// in poll(2) on the calling thread for at most <see cref="WaitBudget"/>; then it reads whatever has arrived. Only if
/// nothing at all has arrived does it lower SO_RCVLOWAT to 1 and wait asynchronously as usual, so a slow or silent
/// server, the caller's token and the read timeout behave as before, and a thread is never held longer than the budget.
/// The price is up to one budget of extra latency on the last piece of a bulk response.</summary>
internal sealed class BulkReceiveNetworkStream : NetworkStream
{
    /// <summary>Bytes that must be queued before the kernel reports the socket readable during a bulk response, at
    /// most a quarter of the current receive buffer: Linux clamps the TCP window to the low-water mark for good when
    /// the mark does not fit the buffer twice over.</summary>
    public const int LowWater = 64 * 1024;

    /// <summary>The longest a bulk read waits synchronously for <see cref="LowWater"/> bytes (poll(2) counts in ms).</summary>
    public static readonly TimeSpan WaitBudget = TimeSpan.FromMilliseconds(1);

    private readonly bool _supported = OperatingSystem.IsLinux();
    private bool _bulkMode;
    private bool _lowWaterRaised;

    public BulkReceiveNetworkStream(Socket socket)
        : base(socket, ownsSocket: true)
    {
    }

    /// <summary>On while a long response is expected. Turning it off restores SO_RCVLOWAT to 1 at once, so a later
    /// asynchronous read (IDLE, say) is woken by any byte.</summary>
    public bool BulkMode
    {
        get => _bulkMode;
        set
        {
            _bulkMode = value && _supported;
            if (!_bulkMode)
            {
                TryLowerLowWater();
            }
        }
    }

    /// <summary>Reads in bulk mode that found the socket empty and waited in poll(2) (for tests and diagnostics).</summary>
    public long BulkWaits { get; private set; }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_bulkMode && !cancellationToken.IsCancellationRequested && Socket.Available == 0)
        {
            WaitForBulk();
        }

        return base.ReadAsync(buffer, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        _bulkMode = false;
        base.Dispose(disposing);
    }

    private void WaitForBulk()
    {
        if (!_lowWaterRaised)
        {
            var lowWater = Math.Min(LowWater, Socket.ReceiveBufferSize / 4);
            Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, Math.Max(lowWater, 1));
            _lowWaterRaised = true;
        }

        BulkWaits++;
        Socket.Poll(WaitBudget, SelectMode.SelectRead);
        if (Socket.Available == 0)
        {
            // About to wait asynchronously: epoll must report the very next byte, or a short final reply would hang.
            LowerLowWater();
        }
    }

    private void LowerLowWater()
    {
        if (_lowWaterRaised)
        {
            Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, 1);
            _lowWaterRaised = false;
        }
    }

    private void TryLowerLowWater()
    {
        try
        {
            LowerLowWater();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The socket is gone; the next read reports that.
        }
    }
}
