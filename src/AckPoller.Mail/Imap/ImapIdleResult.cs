namespace AckPoller.Mail.Imap;

/// <summary>What happened while the client was in IDLE.</summary>
public sealed class ImapIdleResult
{
    /// <summary>The message count before IDLE started.</summary>
    public uint PreviousExists { get; init; }

    /// <summary>The last EXISTS count the server reported, or null when it reported none.</summary>
    public uint? Exists { get; init; }

    /// <summary>The last RECENT count the server reported, if any.</summary>
    public uint? Recent { get; init; }

    /// <summary>Sequence numbers of EXPUNGE responses, in the order received.</summary>
    public IReadOnlyList<uint> Expunged { get; init; } = [];

    /// <summary>How many FETCH responses (usually flag changes) arrived.</summary>
    public int FlagUpdates { get; init; }

    /// <summary>True when IDLE ended because the maximum duration passed with no change.</summary>
    public bool TimedOut { get; init; }

    /// <summary>True when the server reported any change.</summary>
    public bool HasChanges => Exists is not null || Expunged.Count > 0 || FlagUpdates > 0;

    /// <summary>True when the mailbox grew beyond what expunges explain, i.e. mail arrived.</summary>
    public bool HasNewMessages => Exists is uint exists && exists + (uint)Expunged.Count > PreviousExists;

    public override string ToString() =>
        TimedOut && !HasChanges
            ? "IDLE timed out with no change"
            : $"EXISTS {Exists?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} (was {PreviousExists}), {Expunged.Count} expunged, {FlagUpdates} flag updates";
}
