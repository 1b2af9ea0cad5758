using AckPoller.Core.Alerts;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;

namespace AckPoller.Integration.Tests.Polling;

/// <summary>"Kills the process" right after the <paramref name="afterRecords"/>-th recording committed: the poll's
/// cancellation fires, so the server step (move / DELE / QUIT) and the cursor save never happen.</summary>
internal sealed class CrashAfterRecording(IAckRecorder inner, CancellationTokenSource kill, int afterRecords) : IAckRecorder
{
    private int _records;

    public async Task<AckRecordResult> RecordAsync(IncomingReply reply, ReplyAnalysis analysis, SenderDecision? decision, CancellationToken cancellationToken)
    {
        var result = await inner.RecordAsync(reply, analysis, decision, CancellationToken.None);
        if (++_records == afterRecords)
        {
            await kill.CancelAsync();
        }

        return result;
    }
}
