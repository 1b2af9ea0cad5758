using AckPoller.Mail.Smtp;

namespace AckPoller.Core.Outbox;

/// <summary>Opens an authenticated connection to the SMTP server that sends the outbox.</summary>
public interface IOutboxTransport
{
    Task<IOutboxConnection> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>One authenticated SMTP session; sends one message per call.</summary>
public interface IOutboxConnection : IAsyncDisposable
{
    /// <summary>False once the connection broke (then the sender opens a new one for the next message).</summary>
    bool IsUsable { get; }

    Task<SmtpSendResult> SendAsync(IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellationToken);
}
