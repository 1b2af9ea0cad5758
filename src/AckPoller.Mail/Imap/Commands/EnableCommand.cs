using System.Text;
using AckPoller.Mail.Imap.Protocol;

namespace AckPoller.Mail.Imap.Commands;

/// <summary>ENABLE (RFC 5161); the engine records what the server reports as ENABLED.</summary>
internal sealed class EnableCommand(IReadOnlyList<string> capabilities) : ImapCommand
{
    public List<string> Enabled { get; } = [];

    public override string Name => "ENABLE";

    public override void Build(ImapCommandBuilder builder)
    {
        builder.Raw("ENABLE"u8);
        foreach (var capability in capabilities)
        {
            builder.Space().Atom(capability);
        }
    }

    public override void OnUntagged(ReadOnlySpan<byte> name, ref ImapTokenReader reader)
    {
        if (!Ascii.EqualsIgnoreCase(name, "ENABLED"u8))
        {
            return;
        }

        while (reader.TryConsume((byte)' ') && !reader.AtEnd)
        {
            Enabled.Add(Encoding.ASCII.GetString(reader.ReadAtom()).ToUpperInvariant());
        }
    }
}
