using System.Text;
using AckPoller.Mail.Imap.Protocol;

namespace AckPoller.Mail.Imap.Commands;

/// <summary>ID (RFC 2971): sends the client's fields, collects the server's.</summary>
internal sealed class IdCommand(IReadOnlyDictionary<string, string?> clientId) : ImapCommand
{
    private const int MaxFields = 30;

    public Dictionary<string, string?> ServerId { get; } = new(StringComparer.OrdinalIgnoreCase);

    public override string Name => "ID";

    public override void Build(ImapCommandBuilder builder)
    {
        builder.Raw("ID "u8);
        if (clientId.Count == 0)
        {
            builder.Raw("NIL"u8);
            return;
        }

        builder.Raw("("u8);
        var first = true;
        foreach (var (key, value) in clientId)
        {
            if (!first)
            {
                builder.Space();
            }

            first = false;
            builder.String(key).Space().NString(value);
        }

        builder.Raw(")"u8);
    }

    public override void OnUntagged(ReadOnlySpan<byte> name, ref ImapTokenReader reader)
    {
        if (!Ascii.EqualsIgnoreCase(name, "ID"u8))
        {
            return;
        }

        reader.ExpectSpace();
        if (reader.TryReadNil())
        {
            return;
        }

        reader.Expect((byte)'(');
        var fields = 0;
        while (!reader.TryConsume((byte)')'))
        {
            if (fields > 0)
            {
                reader.ExpectSpace();
            }

            if (++fields > MaxFields)
            {
                throw reader.Error($"more than {MaxFields} ID fields");
            }

            var key = Encoding.UTF8.GetString(reader.ReadStringBytes());
            reader.ExpectSpace();
            ServerId[key] = reader.ReadNString();
        }
    }
}
