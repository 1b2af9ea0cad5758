using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Pop3;

/// <summary>Bulk receive mode for a pipelined RETR of many messages (see <see cref="BulkReceiveNetworkStream"/>): on when
/// the answers are expected to be long, off again as soon as what is still to come fits under the low-water mark, so
/// the last answers are read at once instead of waiting out the bulk wait's budget. What is to come is the LIST size of
/// each message not yet answered (<see cref="Pop3Client.ListAsync"/> remembers them), or, for a message LIST did not
/// report, the average size received so far. While on, it also deepens the pipeline so the answers in flight exceed
/// the low-water mark: otherwise every bulk wait would find too little data and time out.</summary>
internal sealed class Pop3BulkRetrieval : IDisposable
{
    /// <summary>Without sizes, a retrieval of fewer messages than this is read as usual.</summary>
    public const int MinimumMessages = 32;

    /// <summary>With sizes, a retrieval expected to be shorter than this is read as usual.</summary>
    public const long MinimumBytes = 2L * BulkReceiveNetworkStream.LowWater;

    /// <summary>The deepest the pipeline goes in bulk mode: a few KiB of commands, well within any socket buffer.</summary>
    public const int MaxPipelineDepth = 512;

    private readonly MailConnection _connection;
    private readonly long _bytesAtStart;

    // Suffix sums over the messages from index i on: known LIST sizes, and how many have no known size.
    private readonly long[] _knownBytesFrom;
    private readonly int[] _unknownFrom;
    private BulkResponseScope _scope;
    private bool _active;

    private Pop3BulkRetrieval(MailConnection connection, long[] knownBytesFrom, int[] unknownFrom)
    {
        _connection = connection;
        _bytesAtStart = connection.BytesReceived;
        _knownBytesFrom = knownBytesFrom;
        _unknownFrom = unknownFrom;
        _scope = connection.ExpectBulkResponse();
        _active = true;
    }

    /// <summary>True until the rest was expected to be small (or on a connection without bulk mode, until disposed).</summary>
    public bool IsActive => _active;

    /// <summary>Starts bulk mode when retrieving <paramref name="messageNumbers"/> is expected to take a long answer:
    /// at least <see cref="MinimumBytes"/> by the known sizes, or at least <see cref="MinimumMessages"/> messages when
    /// some sizes are unknown.</summary>
    public static Pop3BulkRetrieval? Start(MailConnection connection, IReadOnlyList<int> messageNumbers, IReadOnlyDictionary<int, long>? sizes)
    {
        var count = messageNumbers.Count;
        var knownBytesFrom = new long[count + 1];
        var unknownFrom = new int[count + 1];
        for (var i = count - 1; i >= 0; i--)
        {
            long size = 0;
            var known = sizes is not null && sizes.TryGetValue(messageNumbers[i], out size);

            // Sizes come from the server: capped so that no sum can overflow.
            knownBytesFrom[i] = knownBytesFrom[i + 1] + Math.Clamp(size, 0, int.MaxValue);
            unknownFrom[i] = unknownFrom[i + 1] + (known ? 0 : 1);
        }

        var worthIt = unknownFrom[0] == 0 ? knownBytesFrom[0] >= MinimumBytes : count >= MinimumMessages;
        return worthIt ? new Pop3BulkRetrieval(connection, knownBytesFrom, unknownFrom) : null;
    }

    /// <summary>How many commands to keep in flight once <paramref name="answered"/> answers were read: enough for twice
    /// the low-water mark of answers while bulk mode is on, never fewer than <paramref name="configured"/>.</summary>
    public int PipelineDepth(int answered, int configured)
    {
        if (!_active)
        {
            return configured;
        }

        var averageSize = AverageSize(answered);
        if (averageSize <= 0)
        {
            return configured;
        }

        var wanted = (2 * BulkReceiveNetworkStream.LowWater / averageSize) + 1;
        return (int)Math.Clamp(wanted, configured, Math.Max(configured, MaxPipelineDepth));
    }

    /// <summary>Reports that the first <paramref name="answered"/> messages have arrived; ends bulk mode when the rest
    /// is expected to fit under the low-water mark.</summary>
    public void Received(int answered)
    {
        if (!_active)
        {
            return;
        }

        var remaining = _knownBytesFrom[answered] + (_unknownFrom[answered] * AverageReceived(answered));
        if (answered >= _knownBytesFrom.Length - 1 || remaining < BulkReceiveNetworkStream.LowWater)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (_active)
        {
            _active = false;
            _scope.Dispose();
        }
    }

    // The expected size of one message: from the known sizes where there are any, else from what arrived so far.
    private long AverageSize(int answered)
    {
        var count = _knownBytesFrom.Length - 1;
        var knownCount = count - _unknownFrom[0];
        return knownCount > 0 ? _knownBytesFrom[0] / knownCount : AverageReceived(answered);
    }

    private long AverageReceived(int answered) =>
        answered > 0 ? (_connection.BytesReceived - _bytesAtStart) / answered : 0;
}
