namespace AckPoller.Mail.Imap;

/// <summary>What SELECT or EXAMINE reported about a mailbox.</summary>
public sealed class ImapMailboxInfo
{
    public required string Name { get; init; }

    /// <summary>UIDs are only comparable while this stays the same.</summary>
    public uint UidValidity { get; init; }

    /// <summary>The UID the next delivered message will get, when the server said.</summary>
    public uint? UidNext { get; init; }

    /// <summary>How many messages the mailbox holds.</summary>
    public uint Exists { get; init; }

    public uint Recent { get; init; }

    /// <summary>The sequence number of the first unseen message, when the server said.</summary>
    public uint? FirstUnseen { get; init; }

    public ulong? HighestModSeq { get; init; }

    /// <summary>The flags defined in the mailbox (FLAGS response).</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>The flags that can be changed permanently; contains \* when new keywords can be created.</summary>
    public IReadOnlyList<string> PermanentFlags { get; init; } = [];

    /// <summary>True for EXAMINE, or when the server answered [READ-ONLY].</summary>
    public bool IsReadOnly { get; init; }

    public override string ToString() => $"{Name}: {Exists} messages, UIDVALIDITY {UidValidity}, UIDNEXT {UidNext}{(IsReadOnly ? ", read-only" : string.Empty)}";
}
