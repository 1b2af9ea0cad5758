namespace AckPoller.Mail.Imap.Commands;

/// <summary>LOGIN user password. Both arguments are written as secrets.</summary>
internal sealed class LoginCommand(string userName, string password) : ImapCommand
{
    public override string Name => "LOGIN";

    public override void Build(ImapCommandBuilder builder) =>
        builder.Raw("LOGIN "u8).BeginSecret().AString(userName).Space().AString(password);
}
