namespace AckPoller.Mail.Imap;

/// <summary>What UID FETCH asks for. The UID is always fetched. Bodies are fetched with BODY.PEEK,
/// so fetching never sets \Seen.</summary>
[Flags]
public enum ImapFetchItems
{
    /// <summary>Only the UID.</summary>
    Uid = 0,

    Flags = 1,

    InternalDate = 2,

    /// <summary>RFC822.SIZE.</summary>
    Size = 4,

    /// <summary>The whole message as the server stores it: BODY.PEEK[].</summary>
    Body = 8,

    /// <summary>The header block only: BODY.PEEK[HEADER].</summary>
    Header = 16,
}
