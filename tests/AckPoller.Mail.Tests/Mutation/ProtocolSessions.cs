using System.Text;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Mutation;

/// <summary>For each protocol: valid server transcripts (what the mutator starts from) and the client session that reads
/// them, exercising every reader the product uses.</summary>
internal static class ProtocolSessions
{
    public static readonly byte[][] ImapBases =
    [
        Lines(
            "* OK [CAPABILITY IMAP4rev1 LITERAL+ MOVE UIDPLUS IDLE] ready",
            "A001 OK [CAPABILITY IMAP4rev1 LITERAL+ MOVE UIDPLUS IDLE] Logged in",
            "* FLAGS (\\Answered \\Seen)",
            "* OK [PERMANENTFLAGS (\\Seen \\*)] ok",
            "* 3 EXISTS",
            "* 0 RECENT",
            "* OK [UIDVALIDITY 1700000000] ok",
            "* OK [UIDNEXT 10] ok",
            "A002 OK [READ-WRITE] done",
            "* 1 FETCH (UID 7 FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 25 BODY[] {25}",
            "Subject: hi",
            string.Empty,
            "{5}",
            ") x",
            ")",
            "* 2 FETCH (UID 8 BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 1)(\"AUDIO\" \"BASIC\" NIL NIL NIL \"BASE64\" 20) \"MIXED\") FLAGS () BODY[] \"a \\\"q\\\"\" RFC822.SIZE 5 INTERNALDATE \" 1-Feb-2024 10:00:00 +0000\")",
            "* 3 FETCH (UID 9 FLAGS (\\Seen) ENVELOPE (NIL \"s\" ((NIL NIL \"a\" \"x.test\")(NIL NIL \"b\" \"x.test\")) NIL NIL NIL NIL NIL NIL NIL) BODY[2] )",
            "A003 OK done",
            "* SEARCH 7 8",
            "A004 OK done",
            "[COPYUID 55 7 6]",
            "* 1 EXPUNGE",
            "A005 OK moved",
            "* LIST (\\HasNoChildren) \"/\" INBOX",
            "* LIST (\\HasNoChildren) \"/\" {9}",
            "Sent &AOQ-",
            "A006 OK done",
            "* BYE logging out",
            "A007 OK done"),
        Lines(
            "* OK [CAPABILITY IMAP4rev1 MOVE] ready",
            "A001 OK Logged in",
            "* CAPABILITY IMAP4rev1 MOVE UIDPLUS",
            "A002 OK done",
            "* 1 EXISTS",
            "* OK [UIDVALIDITY 5] ok",
            "A003 OK [READ-WRITE] done",
            "* 1 FETCH (UID 5 BODY[] NIL)",
            "* 1 FETCH (UID 5 RFC822.SIZE 3 BODY[] {3+}",
            "abc FLAGS (\\Seen))",
            "A004 OK done",
            "* SEARCH",
            "A005 NO [UNAVAILABLE] try later",
            "* OK [COPYUID 5 5 1] moved",
            "A006 OK done",
            "A007 OK done",
            "A008 OK done"),
    ];

    public static readonly byte[][] Pop3Bases =
    [
        Lines(
            "+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>",
            "+OK Capability list follows",
            "TOP",
            "UIDL",
            "USER",
            "PIPELINING",
            "RESP-CODES",
            ".",
            "+OK",
            "+OK Logged in.",
            "+OK",
            "1 uid-a",
            "2 uid-b",
            ".",
            "+OK 2 messages",
            "1 120",
            "2 40",
            ".",
            "+OK 120 octets",
            "From: a@b.test",
            "Subject: hi",
            string.Empty,
            "..dot stuffed",
            "body",
            ".",
            "+OK",
            "Subject: x",
            string.Empty,
            "y",
            ".",
            "+OK deleted",
            "+OK bye"),
        Lines(
            "+OK ready",
            "-ERR no CAPA",
            "+OK",
            "+OK",
            "+OK",
            ".",
            "+OK",
            ".",
            "-ERR [SYS/TEMP] unavailable",
            "+OK",
            ".",
            "-ERR [IN-USE] locked",
            "+OK bye"),
    ];

    public static readonly byte[][] SmtpBases =
    [
        Lines(
            "220 mail.example.test ESMTP Postfix",
            "250-mail.example.test",
            "250-PIPELINING",
            "250-SIZE 10240000",
            "250-AUTH PLAIN LOGIN",
            "250-ENHANCEDSTATUSCODES",
            "250-8BITMIME",
            "250 SMTPUTF8",
            "235 2.7.0 Authentication successful",
            "250 2.1.0 Ok",
            "250 2.1.5 Ok",
            "250 2.1.5 Ok",
            "354 End data with <CR><LF>.<CR><LF>",
            "250 2.0.0 Ok: queued as 12345",
            "221 2.0.0 Bye"),
        Lines(
            "220-mail.example.test first line",
            "220 second line",
            "250-mail.example.test",
            "250 AUTH=LOGIN PLAIN",
            "334 VXNlcm5hbWU6",
            "334 UGFzc3dvcmQ6",
            "235 ok",
            "250 ok",
            "452 4.5.3 Too many recipients",
            "250 ok",
            "354 go",
            "250 ok",
            "221 bye"),
    ];

    private static readonly byte[] Message = Encoding.ASCII.GetBytes("From: a@x.test\r\nTo: b@x.test\r\nSubject: t\r\n\r\n.leading dot\r\nbody\r\n");

    public static MailConnectionOptions Options => new() { ReadWriteTimeout = TimeSpan.FromSeconds(5), ConnectTimeout = TimeSpan.FromSeconds(5) };

    public static async Task ImapAsync(Stream stream, CancellationToken cancellationToken)
    {
        await using var client = new ImapClient(Options) { MaxLiteralSize = 1024 * 1024 };
        await client.ConnectAsync(stream, "imap.test", 143, TlsMode.None, cancellationToken);
        await client.LoginAsync("user", "secret", cancellationToken);
        if (!client.Capabilities.Contains("UIDPLUS"))
        {
            await client.NoopAsync(cancellationToken);
        }

        await client.SelectAsync("INBOX", cancellationToken);
        await client.UidFetchAsync(UidSet.All, ImapFetchItems.Flags | ImapFetchItems.InternalDate | ImapFetchItems.Size | ImapFetchItems.Body, cancellationToken);
        await client.UidSearchAsync(ImapSearch.Unseen, cancellationToken);
        await client.UidMoveAsync(UidSet.Single(7), "Processed", cancellationToken);
        await client.ListAsync(string.Empty, "*", cancellationToken);
        await client.LogoutAsync(cancellationToken);
    }

    public static async Task Pop3Async(Stream stream, CancellationToken cancellationToken)
    {
        await using var client = new Pop3Client(Options) { MaxMessageSize = 1024 * 1024 };
        await client.ConnectAsync(stream, "pop.test", 110, TlsMode.None, cancellationToken);
        await client.LoginAsync("user", "secret", cancellationToken);
        await client.UidlAsync(cancellationToken);
        await client.ListAsync(cancellationToken);
        await foreach (var unused in client.RetrieveManyAsync([1, 2], cancellationToken))
        {
        }

        await client.DeleteAsync(1, cancellationToken);
        await client.QuitAsync(cancellationToken);
    }

    public static async Task SmtpAsync(Stream stream, CancellationToken cancellationToken)
    {
        await using var client = new SmtpClient(Options) { LocalDomain = "client.test" };
        await client.ConnectAsync(stream, "smtp.test", 587, TlsMode.None, cancellationToken);
        await client.AuthenticateAsync(MailCredentials.FromPassword("user", "secret"), null, cancellationToken);
        await client.SendAsync("a@x.test", ["b@x.test", "c@x.test"], Message, cancellationToken);
        await client.QuitAsync(cancellationToken);
    }

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\r\n")));
}
