using AckPoller.Mail.Pop3;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Pop3;

/// <summary>Transcript pieces and helpers shared by the POP3 tests.</summary>
internal static class Pop3Script
{
    public const string Host = "pop.example.test";
    public const int Port = 110;
    public const string User = "alice@example.test";
    public const string Password = "s3cret-pw";

    public const string Greeting = """
        S: +OK POP3 server ready
        C: CAPA
        S: +OK Capability list follows
        S: TOP
        S: UIDL
        S: RESP-CODES
        S: SASL XOAUTH2 OAUTHBEARER PLAIN
        S: PIPELINING
        S: .

        """;

    public const string LoggedIn = Greeting + """
        C: USER alice@example.test
        S: +OK
        C: PASS s3cret-pw
        S: +OK Logged in.

        """;

    public static async Task<Pop3Client> ConnectAsync(ScriptedServerStream stream, MailConnectionOptions? options = null, long maxMessageSize = Pop3Client.DefaultMaxMessageSize)
    {
        var client = new Pop3Client(options) { MaxMessageSize = maxMessageSize };
        await client.ConnectAsync(stream, Host, Port, TlsMode.None, default);
        return client;
    }

    public static async Task<Pop3Client> LoginAsync(ScriptedServerStream stream, long maxMessageSize = Pop3Client.DefaultMaxMessageSize)
    {
        var client = await ConnectAsync(stream, maxMessageSize: maxMessageSize);
        await client.LoginAsync(User, Password, default);
        return client;
    }
}
