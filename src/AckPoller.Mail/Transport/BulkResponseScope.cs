namespace AckPoller.Mail.Transport;

/// <summary>Keeps a connection receiving in bulk mode until disposed (see <see cref="MailConnection.ExpectBulkResponse"/>).
/// Scopes do not nest.</summary>
internal readonly struct BulkResponseScope : IDisposable
{
    private readonly BulkReceiveNetworkStream? _stream;

    public BulkResponseScope(BulkReceiveNetworkStream? stream)
    {
        _stream = stream;
        if (stream is not null)
        {
            stream.BulkMode = true;
        }
    }

    public void Dispose()
    {
        if (_stream is not null)
        {
            _stream.BulkMode = false;
        }
    }
}
