namespace AckPoller.Mail.Imap.Commands;

/// <summary>UID EXPUNGE set (RFC 4315 UIDPLUS): removes only the given messages, not everyone's \Deleted mail.</summary>
internal sealed class UidExpungeCommand(UidSet uids) : ImapCommand
{
    public override string Name => "UID EXPUNGE";

    public override void Build(ImapCommandBuilder builder) => builder.Raw("UID EXPUNGE "u8).UidSet(uids);
}
