using AckPoller.Mail.Imap;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Imap;

/// <summary>Transcript building blocks: a Dovecot-like greeting, and a prelude that logs in and selects INBOX
/// (tags A001 and A002), so a test's own commands start at A003.</summary>
internal static class ImapSession
{
    public const string Capabilities = "IMAP4rev1 SASL-IR LITERAL+ ID ENABLE IDLE MOVE UIDPLUS AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER";

    public const string Greeting = "S: * OK [CAPABILITY " + Capabilities + "] Dovecot ready.";

    public static string Selected(string capabilities = Capabilities) => $"""
        S: * OK [CAPABILITY {capabilities}] Dovecot ready.
        C: A001 LOGIN user secret
        S: A001 OK [CAPABILITY {capabilities}] Logged in
        C: A002 SELECT INBOX
        S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
        S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted.
        S: * 3 EXISTS
        S: * 0 RECENT
        S: * OK [UIDVALIDITY 1700000000] UIDs valid
        S: * OK [UIDNEXT 4] Predicted next UID
        S: A002 OK [READ-WRITE] Select completed.

        """;

    public static async Task<ImapClient> ConnectAsync(ScriptedServerStream stream, MailConnectionOptions? options = null)
    {
        var client = new ImapClient(options);
        await client.ConnectAsync(stream, "imap.test", 143, TlsMode.None, default);
        return client;
    }

    public static async Task<ImapClient> SelectInboxAsync(ScriptedServerStream stream, MailConnectionOptions? options = null)
    {
        var client = await ConnectAsync(stream, options);
        await client.LoginAsync("user", "secret", default);
        await client.SelectAsync("INBOX", default);
        return client;
    }
}
