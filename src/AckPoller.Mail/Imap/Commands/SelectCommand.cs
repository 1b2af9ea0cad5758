using System.Text;
using AckPoller.Mail.Imap.Protocol;

namespace AckPoller.Mail.Imap.Commands;

/// <summary>SELECT or EXAMINE: collects FLAGS, EXISTS, RECENT and the UIDVALIDITY/UIDNEXT/UNSEEN/PERMANENTFLAGS codes.</summary>
internal sealed class SelectCommand(string mailbox, bool readOnly) : ImapCommand
{
    private IReadOnlyList<string> _flags = [];
    private IReadOnlyList<string> _permanentFlags = [];
    private uint _exists;
    private uint _recent;
    private uint? _uidValidity;
    private uint? _uidNext;
    private uint? _firstUnseen;
    private ulong? _highestModSeq;

    public override string Name => readOnly ? "EXAMINE" : "SELECT";

    public override void Build(ImapCommandBuilder builder) =>
        builder.Raw(readOnly ? "EXAMINE "u8 : "SELECT "u8).Mailbox(mailbox);

    public override void OnNumbered(uint number, ReadOnlySpan<byte> name, ref ImapTokenReader reader)
    {
        if (Ascii.EqualsIgnoreCase(name, "EXISTS"u8))
        {
            _exists = number;
        }
        else if (Ascii.EqualsIgnoreCase(name, "RECENT"u8))
        {
            _recent = number;
        }
    }

    public override void OnUntagged(ReadOnlySpan<byte> name, ref ImapTokenReader reader)
    {
        if (Ascii.EqualsIgnoreCase(name, "FLAGS"u8))
        {
            reader.ExpectSpace();
            _flags = reader.ReadFlagList();
        }
    }

    public override void OnUntaggedStatus(ImapStatusResponse status)
    {
        switch (status.Code)
        {
            case "UIDVALIDITY":
                _uidValidity = status.NumericArgument32();
                break;
            case "UIDNEXT":
                _uidNext = status.NumericArgument32();
                break;
            case "UNSEEN":
                _firstUnseen = status.NumericArgument32();
                break;
            case "HIGHESTMODSEQ":
                _highestModSeq = status.NumericArgument();
                break;
            case "PERMANENTFLAGS":
                _permanentFlags = status.ListArgument();
                break;
        }
    }

    public ImapMailboxInfo Result(ImapStatusResponse completion)
    {
        if (_uidValidity is null)
        {
            throw new MailProtocolException($"The IMAP server selected '{mailbox}' without reporting UIDVALIDITY.");
        }

        return new ImapMailboxInfo
        {
            Name = mailbox,
            UidValidity = _uidValidity.Value,
            UidNext = _uidNext,
            Exists = _exists,
            Recent = _recent,
            FirstUnseen = _firstUnseen,
            HighestModSeq = _highestModSeq,
            Flags = _flags,
            PermanentFlags = _permanentFlags,
            IsReadOnly = readOnly || completion.Code == "READ-ONLY",
        };
    }
}
