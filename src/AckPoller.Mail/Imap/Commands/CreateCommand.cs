namespace AckPoller.Mail.Imap.Commands;

internal sealed class CreateCommand(string mailbox) : ImapCommand
{
    public override string Name => "CREATE";

    public override void Build(ImapCommandBuilder builder) => builder.Raw("CREATE "u8).Mailbox(mailbox);
}
