namespace AckPoller.Mail.Imap.Commands;

/// <summary>LOGOUT: the server answers with an untagged BYE, then the tagged OK.</summary>
internal sealed class LogoutCommand : ImapCommand
{
    public override string Name => "LOGOUT";

    public override bool ExpectsBye => true;

    public override void Build(ImapCommandBuilder builder) => builder.Raw("LOGOUT"u8);
}
