using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Processing;
using AckPoller.Core.Tests.Processing;
using AckPoller.Core.Tests.Support;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Mailboxes;

/// <summary>A reply reader wired to an in-memory ack log and pointed at a <see cref="ScriptedTcpServer"/> without TLS.</summary>
internal sealed class ReaderTestKit
{
    public ReaderTestKit(ScriptedTcpServer server, AccountProcessingOptions processing, string incoming = "imaps://127.0.0.1:1")
    {
        Log = new InMemoryAckLog();
        var calls = new List<string>();
        var processor = new ReplyProcessor(new FakeReplyAnalyzer(calls), new FakeSenderPolicy(calls), Log, Log, NullLogger<ReplyProcessor>.Instance);
        var connection = new MailConnectionOptions { ReadWriteTimeout = TimeSpan.FromSeconds(10) };
        var endpoint = new MailEndpoint("127.0.0.1", server.Port, TlsMode.None);
        Imap = new ImapReplyReader(Log, processor, connection, TimeProvider.System, NullLogger<ImapReplyReader>.Instance) { EndpointOf = _ => endpoint };
        Pop3 = new Pop3ReplyReader(Log, processor, connection, TimeProvider.System, NullLogger<Pop3ReplyReader>.Instance) { EndpointOf = _ => endpoint };
        Credentials = new PasswordCredentials(new MailAccountOptions { Name = "oncall", Mailbox = "oncall@contoso.com", IncomingServer = incoming, Processing = processing });
    }

    public InMemoryAckLog Log { get; }

    public ImapReplyReader Imap { get; }

    public Pop3ReplyReader Pop3 { get; }

    public PasswordCredentials Credentials { get; }

    internal sealed class PasswordCredentials(MailAccountOptions options) : IAccountCredentials
    {
        public MailAccountOptions Options { get; } = options;

        public Task<MailCredentials> GetCredentialsAsync(bool forceRefresh, CancellationToken cancellationToken) =>
            Task.FromResult(MailCredentials.FromPassword("oncall", "secret"));

        public Task RecordMailboxAccessGrantedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordMailAuthenticationRejectedAsync(AuthState state, string errorCode, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
