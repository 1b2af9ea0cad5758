using System.Text;
using AckPoller.Mail.Imap.Protocol;

namespace AckPoller.Mail.Imap.Commands;

/// <summary>IDLE (RFC 2177): the server's "+" means it is idling; EXISTS, EXPUNGE and FETCH responses are the changes
/// the client waits for. The client ends it with DONE and the server's tagged OK.</summary>
internal sealed class IdleCommand : ImapCommand
{
    private readonly List<uint> _expunged = [];

    public IdleCommand(uint previousExists) => PreviousExists = previousExists;

    public uint PreviousExists { get; }

    /// <summary>True once the server accepted IDLE with its continuation.</summary>
    public bool Idling { get; private set; }

    public uint? Exists { get; private set; }

    public uint? Recent { get; private set; }

    public int FlagUpdates { get; private set; }

    public bool HasChanges => Exists is not null || _expunged.Count > 0 || FlagUpdates > 0;

    public override string Name => "IDLE";

    public override void Build(ImapCommandBuilder builder) => builder.Raw("IDLE"u8);

    public override byte[]? OnContinuation(ReadOnlySpan<byte> text)
    {
        if (Idling)
        {
            throw new MailProtocolException("The IMAP server sent a second continuation during IDLE.");
        }

        Idling = true;
        return null;
    }

    public override void OnNumbered(uint number, ReadOnlySpan<byte> name, ref ImapTokenReader reader)
    {
        if (Ascii.EqualsIgnoreCase(name, "EXISTS"u8))
        {
            Exists = number;
        }
        else if (Ascii.EqualsIgnoreCase(name, "RECENT"u8))
        {
            Recent = number;
        }
        else if (Ascii.EqualsIgnoreCase(name, "EXPUNGE"u8))
        {
            _expunged.Add(number);
        }
        else if (Ascii.EqualsIgnoreCase(name, "FETCH"u8))
        {
            FlagUpdates++;
        }
    }

    /// <summary>Carries what an earlier IDLE round (before a transparent re-IDLE) saw into this one.</summary>
    public void Absorb(IdleCommand earlier)
    {
        Exists ??= earlier.Exists;
        Recent ??= earlier.Recent;
        _expunged.InsertRange(0, earlier._expunged);
        FlagUpdates += earlier.FlagUpdates;
    }

    public ImapIdleResult Result(bool timedOut) => new()
    {
        PreviousExists = PreviousExists,
        Exists = Exists,
        Recent = Recent,
        Expunged = _expunged.ToArray(),
        FlagUpdates = FlagUpdates,
        TimedOut = timedOut,
    };
}
