using AckPoller.Mail.Mime;
using BenchmarkDotNet.Attributes;

namespace AckPoller.Benchmarks;

/// <summary>Composing what AckPoller sends: an alert (text + HTML) and a threaded confirmation reply.</summary>
[MemoryDiagnoser]
public class MimeComposeBenchmarks
{
    private readonly MessageComposer _composer = new("alerts.example.com");
    private OutgoingMessage _alert = null!;
    private OutgoingMessage _confirmation = null!;

    [GlobalSetup]
    public void Setup()
    {
        var body = string.Join("\n", Enumerable.Range(1, 40).Select(i => $"Line {i}: disk /var on db-{i:00} is 97% full (threshold 90%)."));
        _alert = new OutgoingMessage
        {
            From = new MailboxAddress("AckPoller", "alerts@example.com"),
            To = [new MailboxAddress("On-call Müller", "oncall@example.com")],
            ReplyTo = new MailboxAddress("alerts@example.com"),
            Subject = "[AP-K3X9QZ] Disk almost full on db-01 — 97 %",
            TextBody = body + "\n\nReply \"ack\" to acknowledge, \"resolve\", \"unack\", \"snooze 30m\", \"note <text>\".",
            HtmlBody = "<html><body><pre>" + body + "</pre><p>Reply <b>ack</b> to acknowledge.</p></body></html>",
        };
        _confirmation = new OutgoingMessage
        {
            From = new MailboxAddress("AckPoller", "alerts@example.com"),
            To = [new MailboxAddress("Jane Doe", "jane@example.com")],
            Subject = "Re: [AP-K3X9QZ] Disk almost full on db-01",
            TextBody = "AP-K3X9QZ acknowledged by Jane Doe at 10:42 UTC: looking at it",
            InReplyTo = "CAJ1x2y3z4@mail.example.com",
            References = ["ap.K3X9QZ.abc@alerts.example.com", "CAJ1x2y3z4@mail.example.com"],
        };
    }

    [Benchmark]
    public ComposedMessage Compose_alert_text_and_html() => _composer.Compose(_alert);

    [Benchmark]
    public ComposedMessage Compose_confirmation_reply() => _composer.Compose(_confirmation);
}
