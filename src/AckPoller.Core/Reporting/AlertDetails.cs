using AckPoller.Core.Alerts;

namespace AckPoller.Core.Reporting;

/// <summary>One alert with its whole acknowledgement log, oldest first: what `ackpoller alert show --json` prints and
/// GET /api/alerts/{ref} returns ({"alert": {…}, "log": […]} in ReportJson's shape).</summary>
public sealed record AlertDetails(Alert Alert, IReadOnlyList<AckLogEntry> Log)
{
    /// <summary>Null when no alert has the reference.</summary>
    public static async Task<AlertDetails?> LoadAsync(IAlertStore alerts, IAckLogStore log, AlertReference reference, CancellationToken cancellationToken)
    {
        var alert = await alerts.FindByReferenceAsync(reference, cancellationToken);
        if (alert is null)
        {
            return null;
        }

        var entries = new List<AckLogEntry>();
        AckLogCursor? after = null;
        do
        {
            var page = await log.QueryAsync(new AckLogQuery { Alert = reference, Limit = AckLogQuery.MaxLimit, After = after }, cancellationToken);
            entries.AddRange(page.Entries);
            after = page.Next;
        }
        while (after is not null);

        entries.Reverse();
        return new AlertDetails(alert, entries);
    }
}
