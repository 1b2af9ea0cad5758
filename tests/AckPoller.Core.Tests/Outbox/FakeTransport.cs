using AckPoller.Core.Outbox;
using AckPoller.Mail.Smtp;

namespace AckPoller.Core.Tests.Outbox;

/// <summary>An SMTP stand-in: each message (told apart by its first byte) gets the scripted exception or is accepted.</summary>
internal sealed class FakeTransport : IOutboxTransport
{
    public Dictionary<byte, Queue<Exception>> Failures { get; } = [];

    public Exception? OpenFailure { get; set; }

    public List<byte> Delivered { get; } = [];

    public int Opened { get; private set; }

    public Task<IOutboxConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Opened++;
        return OpenFailure is { } failure ? Task.FromException<IOutboxConnection>(failure) : Task.FromResult<IOutboxConnection>(new Connection(this));
    }

    public void Fail(byte marker, params Exception[] exceptions) => Failures[marker] = new Queue<Exception>(exceptions);

    private sealed class Connection(FakeTransport owner) : IOutboxConnection
    {
        public bool IsUsable { get; private set; } = true;

        public Task<SmtpSendResult> SendAsync(IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            var marker = message.Span[0];
            if (owner.Failures.TryGetValue(marker, out var queue) && queue.TryDequeue(out var exception))
            {
                if (exception is AckPoller.Mail.MailConnectionException)
                {
                    IsUsable = false;
                }

                return Task.FromException<SmtpSendResult>(exception);
            }

            owner.Delivered.Add(marker);
            return Task.FromResult(new SmtpSendResult(recipients, [], "250 2.0.0 Ok: queued as ABC123"));
        }

        public ValueTask DisposeAsync()
        {
            IsUsable = false;
            return ValueTask.CompletedTask;
        }
    }
}
