namespace AckPoller.Mail.Imap.Commands;

/// <summary>UID STORE set +FLAGS.SILENT (flags): the server need not echo the new flags back.</summary>
internal sealed class UidStoreCommand(UidSet uids, ImapStoreAction action, IReadOnlyList<string> flags) : ImapCommand
{
    public override string Name => "UID STORE";

    public override void Build(ImapCommandBuilder builder)
    {
        builder.Raw("UID STORE "u8).UidSet(uids).Raw(action switch
        {
            ImapStoreAction.Add => " +FLAGS.SILENT ("u8,
            ImapStoreAction.Remove => " -FLAGS.SILENT ("u8,
            _ => " FLAGS.SILENT ("u8,
        });
        for (var i = 0; i < flags.Count; i++)
        {
            if (i > 0)
            {
                builder.Space();
            }

            builder.Flag(flags[i]);
        }

        builder.Raw(")"u8);
    }
}
