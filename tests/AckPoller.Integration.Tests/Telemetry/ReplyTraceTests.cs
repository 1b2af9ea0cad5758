using System.Diagnostics;
using AckPoller.Core.Alerts;
using AckPoller.Core.Telemetry;
using AckPoller.Integration.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AckPoller.Integration.Tests.Telemetry;

/// <summary>Traces of a real `ackpoller run`, taken at the SDK boundary with OpenTelemetry's in-memory exporter: one
/// trace per reply, its spans parse → classify → match → authorize → commit → settle as children of the reply span,
/// the confirmation's send in the same trace, the reply linked to the poll that fetched it; attributes carry the
/// account, the alert reference and the outcome, never an address.</summary>
[Collection(TelemetryCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ReplyTraceTests
{
    [Fact]
    public async Task Each_reply_is_one_trace_from_parse_to_the_confirmation_send()
    {
        var exported = new List<Activity>();
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapPolling, startWorker: false);
        world.ExtraServices = s => s.AddOpenTelemetry().WithTracing(t => t.AddSource(AckPollerTracing.SourceName).AddInMemoryExporter(exported));
        world.StartWorker();
        await world.WorkerServicesAsync();

        var alerts = new[] { await world.RaiseAsync("Disk full on db01 (trace 1)"), await world.RaiseAsync("Disk full on db02 (trace 2)") };
        var replies = new List<ComposedReply>();
        foreach (var alert in alerts)
        {
            var received = await world.WaitForAlertEmailAsync(alert);
            var reply = ReplyStyles.Compose("plain", received, world.OnCall, EndToEndWorld.OnCallName, world.Monitored, "ack on it");
            replies.Add(reply);
            await SandboxMail.DeliverAsync(world.Harness.Settings, world.OnCall, world.Monitored, reply.Bytes);
        }

        await world.WaitForLogAsync(2);
        await world.WaitForMailAsync(world.OnCall, m => replies.Any(r => m.InReplyTo.Contains(r.MessageId)), 2);
        await world.StopWorkerAsync();

        List<Activity> spans;
        lock (exported)
        {
            spans = [.. exported];
        }

        var replySpans = spans.Where(a => a.OperationName == "ackpoller.reply").ToList();
        Assert.Equal(2, replySpans.Count);
        Assert.Equal(2, replySpans.Select(r => r.TraceId).Distinct().Count());
        foreach (var reply in replySpans)
        {
            Assert.Equal(default, reply.ParentSpanId);
            Assert.Equal(EndToEndWorld.AccountName, reply.GetTagItem(AckPollerTracing.AccountAttribute));
            Assert.Equal("applied", reply.GetTagItem(AckPollerTracing.OutcomeAttribute));
            Assert.Contains(reply.GetTagItem(AckPollerTracing.AlertAttribute), alerts.Select(a => (object)a.Reference.ToString()));

            var poll = Assert.Single(reply.Links).Context;
            Assert.Contains(spans, s => s.OperationName == "ackpoller.poll" && s.SpanId == poll.SpanId && s.TraceId == poll.TraceId);

            var trace = spans.Where(s => s.TraceId == reply.TraceId && s != reply).ToList();
            foreach (var name in new[] { "ackpoller.parse", "ackpoller.classify", "ackpoller.match", "ackpoller.authorize", "ackpoller.commit", "ackpoller.settle", "ackpoller.outbox.send" })
            {
                var child = Assert.Single(trace, s => s.OperationName == name);
                Assert.Equal(reply.SpanId, child.ParentSpanId);
            }

            var send = Assert.Single(trace, s => s.OperationName == "ackpoller.outbox.send");
            Assert.Equal("confirmation", send.GetTagItem(AckPollerTracing.KindAttribute));
            Assert.Equal("sent", send.GetTagItem(AckPollerTracing.ResultAttribute));
            Assert.Contains(spans, s => s.OperationName == "ackpoller.outbox" && send.Links.Any(l => l.Context.SpanId == s.SpanId));
            Assert.True(send.StartTimeUtc >= reply.StartTimeUtc);
        }

        // The polls and the outbox runs are traces of their own; no span carries an address.
        Assert.Contains(spans, s => s.OperationName == "ackpoller.poll" && s.ParentSpanId == default && (string?)s.GetTagItem(AckPollerTracing.ResultAttribute) == "ok");
        Assert.Contains(spans, s => s.OperationName == "ackpoller.outbox" && s.ParentSpanId == default);
        foreach (var span in spans)
        {
            foreach (var tag in span.TagObjects)
            {
                var value = tag.Value?.ToString() ?? string.Empty;
                Assert.DoesNotContain("@", value, StringComparison.Ordinal);
            }
        }
    }
}
