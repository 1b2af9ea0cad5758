namespace AckPoller.Web;

/// <summary>The JSON body of POST /api/alerts (snake_case). To raise: <c>{ "to": ["a@x"], "subject": "…", "body": "…",
/// "severity": "…", "source": "…" }</c>. To register an alert another system emailed: <c>{ "message_id": "…", "ref":
/// "AP-…" }</c> (at least one of them; subject and the rest optional). A body with message_id or ref registers.</summary>
internal sealed record AlertPostBody
{
    public IReadOnlyList<string>? To { get; init; }

    public string? Subject { get; init; }

    public string? Body { get; init; }

    public string? Severity { get; init; }

    public string? Source { get; init; }

    public string? MessageId { get; init; }

    public string? Ref { get; init; }
}
