using AckPoller.Mail;

namespace AckPoller.Core.Diagnostics;

/// <summary>Which step a probe is in, and a callback for the first connection (a login retried with a refreshed token
/// connects again; that second connection is not reported twice).</summary>
internal sealed class ProbeProgress
{
    private bool _connectedSeen;

    public ProbeStep Step { get; set; } = ProbeStep.Connect;

    /// <summary>Called once, when the first connection is up (TLS negotiated, capabilities read).</summary>
    public Func<IMailClient, Task>? Connected { get; init; }

    internal async Task ConnectedAsync(IMailClient client)
    {
        if (_connectedSeen)
        {
            return;
        }

        _connectedSeen = true;
        if (Connected is not null)
        {
            await Connected(client);
        }
    }
}
