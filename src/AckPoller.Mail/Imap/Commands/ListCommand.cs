using System.Text;
using AckPoller.Mail.Imap.Protocol;

namespace AckPoller.Mail.Imap.Commands;

/// <summary>LIST reference pattern; collects "* LIST (attributes) delimiter name".</summary>
internal sealed class ListCommand(string reference, string pattern, bool utf8) : ImapCommand
{
    public List<ImapMailboxListing> Mailboxes { get; } = [];

    public override string Name => "LIST";

    public override void Build(ImapCommandBuilder builder) =>
        builder.Raw("LIST "u8).ListMailbox(reference).Space().ListMailbox(pattern);

    public override void OnUntagged(ReadOnlySpan<byte> name, ref ImapTokenReader reader)
    {
        if (!Ascii.EqualsIgnoreCase(name, "LIST"u8))
        {
            return;
        }

        reader.ExpectSpace();
        var attributes = reader.ReadFlagList();
        reader.ExpectSpace();
        char? delimiter = null;
        if (reader.ReadNStringBytes() is { } delimiterBytes)
        {
            if (delimiterBytes.Length != 1)
            {
                throw reader.Error("a hierarchy delimiter that is not one character");
            }

            delimiter = (char)delimiterBytes[0];
        }

        reader.ExpectSpace();
        var mailbox = reader.ReadAString();
        Mailboxes.Add(new ImapMailboxListing(utf8 ? mailbox : ModifiedUtf7.Decode(mailbox), delimiter, attributes));
    }
}
