using AckPoller.Mail.Smtp;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Smtp;

/// <summary>Transcript pieces shared by the SMTP client tests.</summary>
internal static class SmtpScripts
{
    public const string Host = "mail.example.test";

    /// <summary>A Postfix-like greeting and an EHLO reply with every extension the client uses.</summary>
    public const string Hello = """
        S: 220 mail.example.test ESMTP Postfix
        C: EHLO client.test
        S: 250-mail.example.test
        S: 250-PIPELINING
        S: 250-SIZE 10240000
        S: 250-ETRN
        S: 250-AUTH PLAIN LOGIN XOAUTH2 OAUTHBEARER
        S: 250-ENHANCEDSTATUSCODES
        S: 250-8BITMIME
        S: 250-DSN
        S: 250 SMTPUTF8

        """;

    /// <summary>A server with no extensions beyond the basics.</summary>
    public const string PlainHello = """
        S: 220 mail.example.test ESMTP
        C: EHLO client.test
        S: 250-mail.example.test
        S: 250 ENHANCEDSTATUSCODES

        """;

    public static async Task<SmtpClient> ConnectAsync(ScriptedServerStream stream, MailConnectionOptions? options = null, TlsMode tls = TlsMode.None)
    {
        var client = new SmtpClient(options) { LocalDomain = "client.test" };
        await client.ConnectAsync(stream, Host, 587, tls, default);
        return client;
    }
}
