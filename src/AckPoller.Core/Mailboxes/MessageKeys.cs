using System.Globalization;

namespace AckPoller.Core.Mailboxes;

/// <summary>The keys that identify a message in a mailbox for good (see <see cref="Replies.IncomingReply"/>).</summary>
public static class MessageKeys
{
    public const string ImapProtocol = "imap";
    public const string Pop3Protocol = "pop3";

    /// <summary>The cursor "mailbox" whose presence says the POP3 maildrop of an account has been read once (its
    /// pre-existing mail is recorded under <see cref="Pop3PresentBeforeFirstRun"/> keys).</summary>
    public const string Pop3Maildrop = "(pop3 maildrop)";

    public static string Imap(string mailbox, uint uidValidity, uint uid) =>
        string.Create(CultureInfo.InvariantCulture, $"imap:{mailbox}:{uidValidity}:{uid}");

    public static string Pop3(string uidl) => "pop3:" + uidl;

    /// <summary>A POP3 message that was in the maildrop before the first run: remembered so it is never acted on, and
    /// kept apart from <see cref="Pop3"/> keys so that "processed but still there" (a crash before QUIT) is never confused
    /// with it: the former is deleted when configured, this never is.</summary>
    public static string Pop3PresentBeforeFirstRun(string uidl) => "pop3-before-first-run:" + uidl;
}
