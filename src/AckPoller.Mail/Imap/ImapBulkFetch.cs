using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Imap;

/// <summary>Bulk receive mode for one UID FETCH (see <see cref="BulkReceiveNetworkStream"/>): on when the fetch may match
/// many messages, off again as soon as what is left — estimated from the average size so far — fits under the low-water
/// mark. The tail and the tagged completion are then read at once instead of waiting out the bulk wait's budget.</summary>
internal sealed class ImapBulkFetch : IDisposable
{
    /// <summary>A fetch that may match fewer messages than this is read as usual.</summary>
    public const uint MinimumMessages = 32;

    private readonly MailConnection _connection;
    private readonly long _expected;
    private readonly long _bytesAtStart;
    private BulkResponseScope _scope;
    private bool _active;

    private ImapBulkFetch(MailConnection connection, uint expected)
    {
        _connection = connection;
        _expected = expected;
        _bytesAtStart = connection.BytesReceived;
        _scope = connection.ExpectBulkResponse();
        _active = true;
    }

    /// <summary>Starts bulk mode when <paramref name="expectedMessages"/> (at most how many can match) is large enough.</summary>
    public static ImapBulkFetch? Start(MailConnection connection, uint expectedMessages) =>
        expectedMessages >= MinimumMessages ? new ImapBulkFetch(connection, expectedMessages) : null;

    /// <summary>Reports how many messages have arrived so far; ends bulk mode when the rest is expected to be small.</summary>
    public void Received(long messages)
    {
        if (!_active || messages == 0)
        {
            return;
        }

        var remaining = _expected - messages;
        var averageSize = (_connection.BytesReceived - _bytesAtStart) / messages;
        if (remaining <= 0 || remaining * averageSize < BulkReceiveNetworkStream.LowWater)
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
}
