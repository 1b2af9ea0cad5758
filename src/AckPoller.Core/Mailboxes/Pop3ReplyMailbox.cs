using AckPoller.Core.Configuration;
using AckPoller.Core.Processing;
using AckPoller.Mail.Pop3;

namespace AckPoller.Core.Mailboxes;

/// <summary>POP3 has no folders: a processed message is marked for deletion (DELE, committed by QUIT) when
/// Processing:DeleteAfterProcessing is set, else left in the maildrop (its key says it is done).</summary>
internal sealed class Pop3ReplyMailbox : IReplyMailbox
{
    private readonly Pop3Client _client;
    private readonly AccountProcessingOptions _options;

    public Pop3ReplyMailbox(Pop3Client client, AccountProcessingOptions options)
    {
        _client = client;
        _options = options;
    }

    public async Task SettleAsync(FetchedMessage message, ReplyDisposition disposition, CancellationToken cancellationToken)
    {
        if (_options.DeleteAfterProcessing)
        {
            await _client.DeleteAsync((int)message.Handle, cancellationToken);
        }
    }
}
