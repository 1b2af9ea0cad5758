using System.Net.Sockets;
using AckPoller.Core.MailErrors;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;

namespace AckPoller.Core.Tests.MailErrors;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class MailFailureTests
{
    public static TheoryData<Exception, MailFailureKind, bool> Cases => new()
    {
        { new MailAuthenticationException("refused", "NO [AUTHENTICATIONFAILED] Authentication failed."), MailFailureKind.Authentication, false },
        { new MailTlsException("untrusted certificate"), MailFailureKind.Tls, false },
        { new MailConnectionException("timed out"), MailFailureKind.Connection, true },
        { new MailSessionEndedException("bye", "Session invalidated - AccessTokenExpired"), MailFailureKind.Connection, true },
        { new MailProtocolException("garbage"), MailFailureKind.Protocol, true },
        { new SmtpCommandException("deferred", 451, "4.3.0", "451 4.3.0 try later"), MailFailureKind.Refused, true },
        { new SmtpCommandException("refused", 554, "5.7.1", "554 5.7.1 Relay denied"), MailFailureKind.Refused, false },
        { new SmtpCommandException("too big", 552, "5.3.4", "552 5.3.4 too big") { RaisedByClient = true }, MailFailureKind.Refused, false },
        { new ImapCommandException("NO", "NO [TRYCREATE] no such mailbox") { Command = "UID MOVE" }, MailFailureKind.Refused, false },
        { new IOException("reset"), MailFailureKind.Connection, true },
        { new SocketException(), MailFailureKind.Connection, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_mail_layer_exception_has_a_kind_the_server_words_and_a_retry_decision(Exception exception, MailFailureKind kind, bool transient)
    {
        var failure = MailFailure.From(exception);

        Assert.NotNull(failure);
        Assert.Equal(kind, failure.Kind);
        Assert.Equal(transient, failure.Transient);
        Assert.Equal(!transient, failure.Permanent);
        Assert.Equal(exception is MailException mail ? mail.ServerResponse : null, failure.ServerWords);

        // The resilience pipelines decide retries from the same place.
        Assert.Equal(transient, MailFailures.IsTransient(exception));
    }

    [Fact]
    public void An_expired_access_token_is_recognised_in_a_bye_and_in_a_refused_login()
    {
        Assert.True(MailFailure.From(new MailSessionEndedException("bye", "Session invalidated - AccessTokenExpired"))!.AccessTokenExpired);
        Assert.True(MailFailure.From(new MailAuthenticationException("refused", "NO AccessTokenExpired"))!.AccessTokenExpired);
        var challenge = OAuthErrorChallenge.Parse("""{"status":"401","error":"token expired","schemes":"bearer"}"""u8);
        Assert.True(MailFailure.From(new MailAuthenticationException("refused") { OAuthError = challenge })!.AccessTokenExpired);
        Assert.False(MailFailure.From(new MailAuthenticationException("refused", "NO [AUTHENTICATIONFAILED] Invalid credentials"))!.AccessTokenExpired);
    }

    [Fact]
    public void Other_exceptions_are_not_mail_failures()
    {
        Assert.Null(MailFailure.From(new InvalidOperationException("bug")));
        Assert.Null(MailFailure.From(null));
    }

    [Fact]
    public void The_probe_reports_a_refused_command_as_refused_with_the_server_words()
    {
        var error = AckPoller.Core.Diagnostics.MailProbe.Describe(new ImapCommandException("NO", "NO [UNAVAILABLE] busy") { Command = "EXAMINE" });
        Assert.Equal("refused", error.Kind);
        Assert.Equal("NO [UNAVAILABLE] busy", error.ServerResponse);
    }
}
