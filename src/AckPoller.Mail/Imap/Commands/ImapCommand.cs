using AckPoller.Mail.Imap.Protocol;

namespace AckPoller.Mail.Imap.Commands;

/// <summary>One IMAP command: how it is written, and what it does with the responses the server sends while it runs.
/// The handlers run synchronously on a response that is already fully in memory.</summary>
internal abstract class ImapCommand
{
    /// <summary>The command name for error messages, e.g. "UID FETCH". Never contains arguments (they may be secret).</summary>
    public abstract string Name { get; }

    /// <summary>True for LOGOUT, where an untagged BYE is the expected answer rather than a dropped session.</summary>
    public virtual bool ExpectsBye => false;

    public abstract void Build(ImapCommandBuilder builder);

    /// <summary>An untagged response that starts with a number: "* 3 EXISTS", "* 5 FETCH (...)". The reader is after the name.</summary>
    public virtual void OnNumbered(uint number, ReadOnlySpan<byte> name, ref ImapTokenReader reader)
    {
    }

    /// <summary>Any other untagged data response: "* SEARCH 1 2", "* LIST ...". The reader is after the name.</summary>
    public virtual void OnUntagged(ReadOnlySpan<byte> name, ref ImapTokenReader reader)
    {
    }

    /// <summary>An untagged OK/NO/BAD, e.g. "* OK [UIDVALIDITY 3857529045] UIDs valid".</summary>
    public virtual void OnUntaggedStatus(ImapStatusResponse status)
    {
    }

    /// <summary>A "+" continuation that is not for a literal. Returns what to send back (written as a secret), or null
    /// to send nothing. Commands that do not expect one let the default treat it as a protocol violation.</summary>
    public virtual byte[]? OnContinuation(ReadOnlySpan<byte> text) =>
        throw new MailProtocolException($"The IMAP server sent an unexpected continuation request during {Name}.");
}
