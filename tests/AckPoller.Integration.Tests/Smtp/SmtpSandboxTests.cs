using System.Text;
using AckPoller.Mail;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Smtp;

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public class SmtpSandboxTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(TlsMode.StartTls, "XOAUTH2")]
    [InlineData(TlsMode.StartTls, "OAUTHBEARER")]
    [InlineData(TlsMode.Implicit, "XOAUTH2")]
    [InlineData(TlsMode.Implicit, "OAUTHBEARER")]
    public async Task A_real_token_authenticates_on_both_submission_ports(TlsMode tls, string mechanism)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("smtp-auth");
        using var minter = JwtMinter.Trusted(settings);
        var token = SmtpSandbox.Token(minter, user);
        var log = new StringWriter();
        await using var client = await SmtpSandbox.ConnectAsync(settings, tls, new TextProtocolLog(log), cancel.Token);

        Assert.True(client.Connection!.IsSecure);
        Assert.Contains(mechanism, client.AuthenticationMechanisms);
        await client.AuthenticateAsync(MailCredentials.FromAccessToken(user, token), mechanism, cancel.Token);
        Assert.True(client.IsAuthenticated);

        // A real RS256 JWT makes the initial response too long for the AUTH line: it must follow the empty 334.
        var lines = log.ToString().Split(Environment.NewLine);
        Assert.Contains($"C: AUTH {mechanism}", lines);
        Assert.DoesNotContain(token[..20], log.ToString(), StringComparison.Ordinal);
        await client.QuitAsync(cancel.Token);
    }

    [Fact]
    public async Task An_expired_token_is_an_authentication_error_with_the_server_text()
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("smtp-expired");
        using var minter = JwtMinter.Trusted(settings);
        var error = await AuthenticateExpectingFailureAsync(settings, TlsMode.StartTls, user, SmtpSandbox.Token(minter, user, TimeSpan.FromMinutes(-10)), "XOAUTH2", cancel.Token);
        Assert.Equal("XOAUTH2", error.Mechanism);
        Assert.StartsWith("535", error.ServerResponse, StringComparison.Ordinal);
        Assert.Equal("5.7.8", error.ResponseCode);
        Assert.Contains(error.ServerResponse!, error.Message, StringComparison.Ordinal);

        // Dovecot sends the RFC 7628-style error challenge first; the client answered it and kept it.
        Assert.Equal("401", error.OAuthError?.Status);
    }

    [Fact]
    public async Task A_token_signed_by_an_untrusted_key_is_refused()
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("smtp-untrusted");
        using var minter = JwtMinter.Untrusted(settings);
        var error = await AuthenticateExpectingFailureAsync(settings, TlsMode.Implicit, user, SmtpSandbox.Token(minter, user), "OAUTHBEARER", cancel.Token);
        Assert.Equal("OAUTHBEARER", error.Mechanism);
        Assert.StartsWith("535", error.ServerResponse, StringComparison.Ordinal);
        Assert.Equal("invalid_token", error.OAuthError?.Status);
    }

    [Fact]
    public async Task A_token_for_another_user_is_refused()
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("smtp-me");
        using var minter = JwtMinter.Trusted(settings);
        var error = await AuthenticateExpectingFailureAsync(settings, TlsMode.StartTls, user, SmtpSandbox.Token(minter, settings.NewAddress("smtp-other")), "XOAUTH2", cancel.Token);
        Assert.StartsWith("535", error.ServerResponse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUTH_is_neither_offered_nor_accepted_before_STARTTLS()
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var settings = SandboxSettings.Load();
        await using var client = await SmtpSandbox.ConnectAsync(settings, TlsMode.None, null, cancel.Token);
        Assert.False(client.Connection!.IsSecure);
        Assert.Contains("STARTTLS", client.Capabilities);
        Assert.DoesNotContain("AUTH", client.Capabilities);
        Assert.Empty(client.AuthenticationMechanisms);

        var user = settings.NewAddress("smtp-plain");
        var error = await Assert.ThrowsAsync<MailAuthenticationException>(
            () => client.AuthenticateAsync(MailCredentials.FromPassword(user, settings.Password), cancellationToken: cancel.Token));
        Assert.Contains("does not offer AUTH", error.Message, StringComparison.Ordinal);

        // And the server refuses an AUTH sent anyway (with throwaway credentials, not the sandbox password).
        await client.Connection.WriteLineAsync("AUTH PLAIN AHUAcA==", cancel.Token);
        var reply = Encoding.ASCII.GetString((await client.Connection.ReadLineAsync(cancel.Token)).Span);
        Assert.StartsWith("5", reply, StringComparison.Ordinal);
        Assert.False(client.IsAuthenticated);
    }

    [Fact]
    public async Task Password_authentication_with_PLAIN_works_over_implicit_TLS()
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var settings = SandboxSettings.Load();
        await using var client = await SmtpSandbox.ConnectAsync(settings, TlsMode.Implicit, null, cancel.Token);
        await client.AuthenticateAsync(MailCredentials.FromPassword(settings.NewAddress("smtp-pw"), settings.Password), "PLAIN", cancel.Token);
        Assert.True(client.IsAuthenticated);
    }

    [Theory]
    [InlineData(TlsMode.StartTls)]
    [InlineData(TlsMode.Implicit)]
    public async Task A_sent_message_arrives_in_the_recipients_mailbox(TlsMode tls)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var settings = SandboxSettings.Load();
        var sender = settings.NewAddress("smtp-from");
        var recipient = settings.NewAddress("smtp-to");
        var marker = Guid.NewGuid().ToString("N");
        using var minter = JwtMinter.Trusted(settings);
        await using var client = await SmtpSandbox.ConnectAsync(settings, tls, null, cancel.Token);
        await client.AuthenticateAsync(MailCredentials.FromAccessToken(sender, SmtpSandbox.Token(minter, sender)), cancellationToken: cancel.Token);

        var message = Encoding.UTF8.GetBytes(
            $"From: <{sender}>\r\nTo: <{recipient}>\r\nSubject: ack {marker}\r\nMessage-ID: <{marker}@sandbox.test>\r\n" +
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            "Bestätigt.\n.\n..two dots\r\n.line starting with a dot");
        Assert.NotNull(client.MaxMessageSize);
        var result = await client.SendAsync(sender, [recipient], message, cancel.Token);
        Assert.Equal([recipient], result.AcceptedRecipients);
        Assert.Empty(result.RejectedRecipients);
        Assert.NotNull(result.QueueId);
        await client.QuitAsync(cancel.Token);

        var stored = await SmtpSandbox.WaitForDeliveryAsync(settings, recipient, marker, TimeSpan.FromSeconds(30));
        var body = stored[(stored.IndexOf("\n\n", StringComparison.Ordinal) is var lf and >= 0 ? lf + 2 : stored.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Equal("Bestätigt.\n.\n..two dots\n.line starting with a dot\n", body.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sending_without_AUTH_is_refused_with_a_typed_error()
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var settings = SandboxSettings.Load();
        await using var client = await SmtpSandbox.ConnectAsync(settings, TlsMode.StartTls, null, cancel.Token);
        var error = await Assert.ThrowsAsync<SmtpCommandException>(
            () => client.SendAsync(settings.NewAddress("smtp-anon"), [settings.NewAddress("smtp-to")], "Subject: x\r\n\r\nx\r\n"u8.ToArray(), cancel.Token));
        Assert.True(error.IsPermanent);
        Assert.False(error.RaisedByClient);
        await client.NoopAsync(cancel.Token);
    }

    private static async Task<MailAuthenticationException> AuthenticateExpectingFailureAsync(
        SandboxSettings settings, TlsMode tls, string user, string token, string mechanism, CancellationToken cancellationToken)
    {
        await using var client = await SmtpSandbox.ConnectAsync(settings, tls, null, cancellationToken);
        var error = await Assert.ThrowsAsync<MailAuthenticationException>(
            () => client.AuthenticateAsync(MailCredentials.FromAccessToken(user, token), mechanism, cancellationToken));
        Assert.False(client.IsAuthenticated);
        Assert.DoesNotContain(token[..20], error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.ServerResponse);
        await client.NoopAsync(cancellationToken); // the session survives a failed AUTH
        return error;
    }
}
