using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
using AckPoller.Core.Tests.Storage;
using AckPoller.Mail.Mime;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Alerts;

/// <summary>A store, the recorder and the alert service configured like a small deployment, plus reply builders.</summary>
internal sealed class AckWorld : IDisposable
{
    private int _keys;

    private AckWorld(EngineStore engine, AckPollerOptions options)
    {
        Engine = engine;
        Options = options;
        Identity = AlertMailIdentity.Resolve(options);
        Recorder = new AckRecorder(engine.Store.Transactions, new AckReplyComposer(Identity, options.Alerts, engine.Time), options.Alerts, engine.Time, NullLogger<AckRecorder>.Instance);
        Alerts = new AlertService(engine.Store.Transactions, new AlertEmailComposer(Identity, engine.Time), engine.Time, NullLogger<AlertService>.Instance);
    }

    public EngineStore Engine { get; }

    public AckPollerOptions Options { get; }

    public AlertMailIdentity Identity { get; }

    public AckRecorder Recorder { get; }

    public AlertService Alerts { get; }

    public static async Task<AckWorld> CreateAsync(Action<AlertsOptions>? configure = null)
    {
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions { Name = "oncall", Mailbox = "oncall@ackpoller.test", SmtpServer = "smtp://mail.ackpoller.test" });
        options.Alerts.MessageIdDomain = "ackpoller.test";
        configure?.Invoke(options.Alerts);
        return new AckWorld(await EngineStore.OpenAsync(), options);
    }

    public Task<Alert> RaiseAsync() => Alerts.RaiseAsync(new RaiseAlertRequest
    {
        Subject = "Disk full on db1",
        Body = "/var is 99% full",
        Severity = "critical",
        Source = "nagios",
        Recipients = ["jane@example.com", "bob@example.com"],
    }, default);

    public static ReplyAnalysis Reply(Alert? alert, ReplyCommand command, string from = "jane@example.com", string? name = "Jane Doe", string? argument = null, string? comment = null) => new()
    {
        From = from,
        FromName = name,
        Subject = alert is null ? "Re: something" : $"RE: [{alert.Reference}] {alert.Subject}",
        MessageId = Guid.NewGuid().ToString("N") + "@mail.example.com",
        InReplyTo = alert?.MessageId,
        References = alert?.MessageId is { } id ? [id] : [],
        AlertReference = alert?.Reference,
        MatchedBy = alert is null ? AlertMatch.None : AlertMatch.InReplyTo,
        Alert = alert,
        NewText = command.ToString().ToLowerInvariant(),
        Command = command,
        Argument = argument,
        Comment = comment,
    };

    public IncomingReply Incoming(string? key = null) =>
        new("oncall", "imap", key ?? "imap:INBOX:1:" + Interlocked.Increment(ref _keys), new byte[] { 1 }, Engine.Time.GetUtcNow().AddSeconds(-3));

    public Task<AckRecordResult> RecordAsync(ReplyAnalysis analysis, bool authorized = true, string? key = null) =>
        Recorder.RecordAsync(Incoming(key), analysis, new SenderDecision(authorized, authorized ? "jane@example.com is a recipient of the alert" : "mallory@evil.test is not allowed to act on alerts"), default);

    public async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(OutboxKind kind) =>
        (await Engine.Store.Outbox.ListAsync(null, 100, default)).Where(m => m.Kind == kind).ToList();

    public static MimeMessage Parse(OutboxMessage message) => MimeParser.Parse(message.Raw);

    public void Dispose() => Engine.Dispose();
}
