namespace AckPoller.Core.Mailboxes;

/// <summary>Works out how far the IMAP cursor may move: past every UID that is done, but never past one that failed,
/// so the next poll fetches it again (messages after it that were done are gone from the mailbox by then, moved away).</summary>
public sealed class CursorAdvance
{
    private readonly uint _start;
    private uint? _firstFailed;
    private uint _highestDone;

    public CursorAdvance(uint lastUid)
    {
        _start = lastUid;
        LastUid = lastUid;
        _highestDone = lastUid;
    }

    /// <summary>The UID the cursor may stand at now.</summary>
    public uint LastUid { get; private set; }

    public void Done(uint uid)
    {
        _highestDone = Math.Max(_highestDone, uid);
        Update();
    }

    public void Failed(uint uid)
    {
        _firstFailed = _firstFailed is { } earlier ? Math.Min(earlier, uid) : uid;
        Update();
    }

    private void Update()
    {
        var candidate = _firstFailed is { } failed ? Math.Min(_highestDone, failed - 1) : _highestDone;
        LastUid = Math.Max(_start, candidate);
    }
}
