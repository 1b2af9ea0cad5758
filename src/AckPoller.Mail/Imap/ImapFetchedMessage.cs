namespace AckPoller.Mail.Imap;

/// <summary>One message from a FETCH response. Items that were not asked for (or not sent) are null.</summary>
public sealed class ImapFetchedMessage
{
    /// <summary>The message sequence number the server gave the response.</summary>
    public uint SequenceNumber { get; init; }

    public uint Uid { get; init; }

    /// <summary>Flags such as \Seen or $Forwarded, as the server spelled them.</summary>
    public IReadOnlyList<string>? Flags { get; init; }

    public DateTimeOffset? InternalDate { get; init; }

    /// <summary>RFC822.SIZE in octets.</summary>
    public long? Size { get; init; }

    /// <summary>The exact bytes of the whole message (BODY[]).</summary>
    public byte[]? Body { get; init; }

    /// <summary>The exact bytes of the header block, including the blank line that ends it (BODY[HEADER]).</summary>
    public byte[]? Header { get; init; }

    public override string ToString() => $"UID {Uid} (#{SequenceNumber}, {Body?.Length ?? Header?.Length ?? 0} bytes)";
}
