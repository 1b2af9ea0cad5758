namespace AckPoller.Mail.Transport;

/// <summary>The time limit of one read (or one write) on a connection, combined with the caller's token. One linked
/// source is re-armed for each operation instead of a new source and timer per operation, which a bulk FETCH or RETR
/// (hundreds of reads) would otherwise allocate; a new source is made only when the caller's token changes or a limit
/// has expired. Operations in one direction never overlap, so one instance serves one direction.</summary>
internal sealed class OperationTimeout : IDisposable
{
    private readonly TimeSpan _limit;
    private CancellationTokenSource? _source;
    private CancellationToken _linkedTo;

    public OperationTimeout(TimeSpan limit) => _limit = limit;

    /// <summary>Arms the limit for one operation; the token is cancelled when the limit passes or the caller cancels.
    /// Throws <see cref="ObjectDisposedException"/> after <see cref="Dispose"/>.</summary>
    public CancellationToken Start(CancellationToken cancellationToken)
    {
        // TryReset fails once the source was cancelled or its timer ever fired, so an expired limit never leaks into the
        // next operation.
        if (_source is null || _linkedTo != cancellationToken || !_source.TryReset())
        {
            _source?.Dispose();
            _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _linkedTo = cancellationToken;
        }

        _source.CancelAfter(_limit);
        return _source.Token;
    }

    public void Dispose() => _source?.Dispose();

    /// <summary>Gives the operation in progress its whole limit again from now (e.g. a read that began long before the
    /// request it now waits for the answer to).</summary>
    public void Extend() => _source?.CancelAfter(_limit);
}
