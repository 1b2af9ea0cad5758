using System.Text;
using AckPoller.Mail.Imap.Protocol;

namespace AckPoller.Mail.Imap.Commands;

/// <summary>UID SEARCH [CHARSET UTF-8] criteria; collects the UIDs of every "* SEARCH" response.</summary>
internal sealed class UidSearchCommand(ImapSearch criteria) : ImapCommand
{
    public List<uint> Uids { get; } = [];

    public override string Name => "UID SEARCH";

    public override void Build(ImapCommandBuilder builder)
    {
        builder.Raw("UID SEARCH "u8);
        if (criteria.HasNonAscii)
        {
            builder.Raw("CHARSET UTF-8 "u8);
        }

        criteria.Write(builder);
    }

    public override void OnUntagged(ReadOnlySpan<byte> name, ref ImapTokenReader reader)
    {
        if (!Ascii.EqualsIgnoreCase(name, "SEARCH"u8))
        {
            return;
        }

        while (reader.TryConsume((byte)' ') && !reader.AtEnd)
        {
            if (reader.Peek() == '(')
            {
                // (MODSEQ n) with CONDSTORE
                reader.SkipValue();
                continue;
            }

            Uids.Add(reader.ReadNumber());
        }
    }
}
