using System.Text;
using AckPoller.Mail.Imap.Protocol;

namespace AckPoller.Mail.Imap.Commands;

/// <summary>UID FETCH set (UID ...). Each FETCH response becomes an <see cref="ImapFetchedMessage"/>, parsed from bytes;
/// the body literal's array becomes the message's Body without another copy. Unsolicited FETCH responses (no UID,
/// or missing the requested body) are not reported. <paramref name="expectedMessages"/> sizes the result list up front.</summary>
internal sealed class UidFetchCommand(UidSet uids, ImapFetchItems items, int expectedMessages = 0) : ImapCommand
{
    public List<ImapFetchedMessage> Messages { get; } = new(expectedMessages);

    public override string Name => "UID FETCH";

    public override void Build(ImapCommandBuilder builder)
    {
        builder.Raw("UID FETCH "u8).UidSet(uids).Raw(" (UID"u8);
        if (items.HasFlag(ImapFetchItems.Flags))
        {
            builder.Raw(" FLAGS"u8);
        }

        if (items.HasFlag(ImapFetchItems.InternalDate))
        {
            builder.Raw(" INTERNALDATE"u8);
        }

        if (items.HasFlag(ImapFetchItems.Size))
        {
            builder.Raw(" RFC822.SIZE"u8);
        }

        if (items.HasFlag(ImapFetchItems.Header))
        {
            builder.Raw(" BODY.PEEK[HEADER]"u8);
        }

        if (items.HasFlag(ImapFetchItems.Body))
        {
            builder.Raw(" BODY.PEEK[]"u8);
        }

        builder.Raw(")"u8);
    }

    public override void OnNumbered(uint number, ReadOnlySpan<byte> name, ref ImapTokenReader reader)
    {
        if (!Ascii.EqualsIgnoreCase(name, "FETCH"u8))
        {
            return;
        }

        uint? uid = null;
        List<string>? flags = null;
        DateTimeOffset? internalDate = null;
        long? size = null;
        byte[]? body = null;
        byte[]? header = null;

        reader.ExpectSpace();
        reader.Expect((byte)'(');
        var first = true;
        while (!reader.TryConsume((byte)')'))
        {
            if (!first)
            {
                reader.ExpectSpace();
            }

            first = false;
            var item = reader.ReadFetchItemName();
            reader.ExpectSpace();
            if (reader.Peek() == (byte)')')
            {
                // "BODY[2] )": a section returned without its value. An oddity to survive, read as NIL.
                continue;
            }

            if (Ascii.EqualsIgnoreCase(item, "UID"u8))
            {
                uid = reader.ReadNumber();
            }
            else if (Ascii.EqualsIgnoreCase(item, "FLAGS"u8))
            {
                flags = reader.ReadFlagList();
            }
            else if (Ascii.EqualsIgnoreCase(item, "INTERNALDATE"u8))
            {
                var text = reader.ReadNStringBytes();
                internalDate = text is not null && ImapDate.TryParseInternalDate(text, out var date)
                    ? date
                    : throw reader.Error("invalid INTERNALDATE");
            }
            else if (Ascii.EqualsIgnoreCase(item, "RFC822.SIZE"u8))
            {
                size = (long)reader.ReadNumber64();
            }
            else if (Ascii.EqualsIgnoreCase(item, "BODY[]"u8) || Ascii.EqualsIgnoreCase(item, "RFC822"u8))
            {
                body = reader.ReadNStringBytes();
            }
            else if (Ascii.EqualsIgnoreCase(item, "BODY[HEADER]"u8) || Ascii.EqualsIgnoreCase(item, "RFC822.HEADER"u8))
            {
                header = reader.ReadNStringBytes();
            }
            else
            {
                reader.SkipValue();
            }
        }

        if (uid is null
            || (items.HasFlag(ImapFetchItems.Body) && body is null)
            || (items.HasFlag(ImapFetchItems.Header) && header is null))
        {
            return;
        }

        Messages.Add(new ImapFetchedMessage
        {
            SequenceNumber = number,
            Uid = uid.Value,
            Flags = flags,
            InternalDate = internalDate,
            Size = size,
            Body = body,
            Header = header,
        });
    }
}
