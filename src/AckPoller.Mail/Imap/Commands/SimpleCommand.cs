using System.Text;

namespace AckPoller.Mail.Imap.Commands;

/// <summary>A command without arguments whose useful effects the engine handles itself: NOOP, CAPABILITY, STARTTLS, CHECK.</summary>
internal sealed class SimpleCommand : ImapCommand
{
    private readonly byte[] _wire;

    private SimpleCommand(string name)
    {
        Name = name;
        _wire = Encoding.ASCII.GetBytes(name);
    }

    public static SimpleCommand Noop => new("NOOP");

    public static SimpleCommand Capability => new("CAPABILITY");

    public static SimpleCommand StartTls => new("STARTTLS");

    public override string Name { get; }

    public override void Build(ImapCommandBuilder builder) => builder.Raw(_wire);
}
