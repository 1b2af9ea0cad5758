namespace AckPoller.Mail.Imap.Commands;

/// <summary>UID MOVE (RFC 6851) or UID COPY to a mailbox.</summary>
internal sealed class UidCopyCommand(UidSet uids, string destination, bool move) : ImapCommand
{
    public override string Name => move ? "UID MOVE" : "UID COPY";

    public override void Build(ImapCommandBuilder builder) =>
        builder.Raw(move ? "UID MOVE "u8 : "UID COPY "u8).UidSet(uids).Space().Mailbox(destination);
}
