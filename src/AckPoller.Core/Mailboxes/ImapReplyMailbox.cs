using AckPoller.Core.Configuration;
using AckPoller.Core.Processing;
using AckPoller.Mail.Imap;

namespace AckPoller.Core.Mailboxes;

/// <summary>Files processed IMAP messages: \Seen, then UID MOVE to the Processed or Rejected folder, each folder
/// created (once per session) if missing.</summary>
internal sealed class ImapReplyMailbox : IReplyMailbox
{
    private const string Seen = @"\Seen";

    private readonly ImapClient _client;
    private readonly AccountProcessingOptions _options;
    private readonly HashSet<string> _ready = new(StringComparer.Ordinal);

    public ImapReplyMailbox(ImapClient client, AccountProcessingOptions options)
    {
        _client = client;
        _options = options;
    }

    public async Task SettleAsync(FetchedMessage message, ReplyDisposition disposition, CancellationToken cancellationToken)
    {
        var folder = disposition == ReplyDisposition.Rejected ? _options.RejectedFolder : _options.ProcessedFolder;
        if (!_ready.Contains(folder))
        {
            await _client.CreateAsync(folder, cancellationToken);
            _ready.Add(folder);
        }

        var uid = UidSet.Single(message.Handle);
        await _client.UidStoreAsync(uid, ImapStoreAction.Add, [Seen], cancellationToken);
        await _client.UidMoveAsync(uid, folder, cancellationToken);
    }
}
