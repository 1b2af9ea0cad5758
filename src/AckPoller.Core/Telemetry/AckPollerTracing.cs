using System.Collections.Concurrent;
using System.Diagnostics;

namespace AckPoller.Core.Telemetry;

/// <summary>The one ActivitySource "AckPoller". Traces: one per poll ("ackpoller.poll", with the batch fetches as
/// "ackpoller.fetch" children), one per reply ("ackpoller.reply": parse, classify, match, authorize, commit, settle and,
/// later, the confirmation's "ackpoller.outbox.send"; linked to the poll that fetched it), one per outbox run
/// ("ackpoller.outbox"). Attributes: the account, the alert reference and the outcome; never secrets, addresses or
/// message contents.</summary>
internal static class AckPollerTracing
{
    public const string SourceName = "AckPoller";

    public const string AccountAttribute = "ackpoller.account";
    public const string AlertAttribute = "ackpoller.alert.reference";
    public const string OutcomeAttribute = "ackpoller.outcome";
    public const string ResultAttribute = "ackpoller.result";
    public const string KindAttribute = "ackpoller.kind";
    public const string CountAttribute = "ackpoller.count";

    /// <summary>Bound on the reply-to-confirmation map: beyond it the oldest half is dropped (the send then gets no parent).</summary>
    public const int MaxPendingConfirmations = 10_000;

    public static readonly ActivitySource Source = new(SourceName, typeof(AckPollerTracing).Assembly.GetName().Version?.ToString(3));

    private static readonly ConcurrentDictionary<string, ActivityContext> Confirmations = new(StringComparer.Ordinal);

    /// <summary>A span under the current one (null when nobody listens).</summary>
    public static Activity? Start(string name) => Source.StartActivity(name);

    /// <summary>A span that starts a new trace (whatever is current) and becomes the current one, linked to
    /// <paramref name="link"/> when given. Ending it leaves no current span: callers in a loop restore their own.</summary>
    public static Activity? StartRoot(string name, ActivityContext link = default, ActivityKind kind = ActivityKind.Internal)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var current = Activity.Current;
        Activity.Current = null;
        var activity = link == default
            ? Source.StartActivity(name, kind)
            : Source.StartActivity(name, kind, default(ActivityContext), links: [new ActivityLink(link)]);
        if (activity is null)
        {
            Activity.Current = current;
        }

        return activity;
    }

    /// <summary>Remembers the reply trace a confirmation (by its Message-ID) belongs to, for its send span.</summary>
    public static void RememberConfirmation(string? messageId, Activity? reply)
    {
        if (messageId is null || reply is null)
        {
            return;
        }

        if (Confirmations.Count >= MaxPendingConfirmations)
        {
            foreach (var key in Confirmations.Keys.Take(MaxPendingConfirmations / 2))
            {
                Confirmations.TryRemove(key, out _);
            }
        }

        // The send belongs under the reply's root span, however deep the caller is.
        while (reply.Parent is not null)
        {
            reply = reply.Parent;
        }

        Confirmations[messageId] = reply.Context;
    }

    /// <summary>The send span of one outbox message: a child of the reply trace that enqueued it when known (linked to
    /// the outbox run), otherwise a child of the outbox run.</summary>
    public static Activity? StartSend(string? messageId, string kind)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity? activity;
        if (messageId is not null && Confirmations.TryRemove(messageId, out var origin))
        {
            var run = Activity.Current;
            activity = Source.StartActivity("ackpoller.outbox.send", ActivityKind.Client, origin,
                links: run is null ? null : [new ActivityLink(run.Context)]);
        }
        else
        {
            activity = Source.StartActivity("ackpoller.outbox.send", ActivityKind.Client);
        }

        activity?.SetTag(KindAttribute, kind);
        return activity;
    }

    /// <summary>Marks the span failed with the exception's type only (its message may carry addresses).</summary>
    public static void Fail(Activity? activity, Exception ex)
    {
        activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
    }
}
