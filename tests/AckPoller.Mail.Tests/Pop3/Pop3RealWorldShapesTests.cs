using AckPoller.Mail.Pop3;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Pop3;

/// <summary>POP3 servers without SASL (issue 10): a password account falls back to USER/PASS, over TLS only.</summary>
[Trait("Category", "Unit")]
public class Pop3RealWorldShapesTests
{
    private const string UserOnlyGreeting = """
        S: +OK Dovecot ready.
        C: CAPA
        S: +OK
        S: TOP
        S: USER
        S: UIDL
        S: STLS
        S: EXPIRE 31
        S: .

        """;

    [Fact]
    public async Task A_server_offering_only_user_gets_user_and_pass_over_tls()
    {
        var script = UserOnlyGreeting + """
            C: USER alice@example.test
            S: +OK
            C: PASS s3cret-pw
            S: +OK Logged in.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = new Pop3Client();
            await client.ConnectAsync(new PretendTlsStream(stream), Pop3Script.Host, 995, TlsMode.Implicit, default);
            await client.AuthenticateAsync(MailCredentials.FromPassword(Pop3Script.User, Pop3Script.Password), null, default);
            Assert.True(client.IsAuthenticated);
            Assert.Equal("USER", client.AuthenticatedMechanism);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task User_and_pass_are_never_sent_without_tls()
    {
        await ScriptedServerStream.ForEachModeAsync(UserOnlyGreeting, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(
                () => client.AuthenticateAsync(MailCredentials.FromPassword(Pop3Script.User, Pop3Script.Password), null, default));
            Assert.Contains("only used over TLS", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("PASS", stream.ClientOutput, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_token_account_does_not_fall_back_to_user_and_pass()
    {
        await ScriptedServerStream.ForEachModeAsync(UserOnlyGreeting, async stream =>
        {
            await using var client = new Pop3Client();
            await client.ConnectAsync(new PretendTlsStream(stream), Pop3Script.Host, 995, TlsMode.Implicit, default);
            await Assert.ThrowsAsync<MailAuthenticationException>(
                () => client.AuthenticateAsync(MailCredentials.FromAccessToken(Pop3Script.User, "token"), null, default));
            Assert.DoesNotContain("USER", stream.ClientOutput, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_retr_refused_for_one_message_leaves_the_connection_usable_for_the_others()
    {
        var script = Pop3Script.LoggedIn + """
            C: RETR 1
            S: -ERR [SYS/TEMP] Message temporarily unavailable
            C: RETR 2
            S: +OK 9 octets
            S: Subject: b
            S:
            S: .
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var error = await Assert.ThrowsAsync<MailCommandException>(async () =>
            {
                await foreach (var unused in client.RetrieveManyAsync([1], default))
                {
                    Assert.Fail("nothing to retrieve");
                }
            });
            Assert.Contains("temporarily unavailable", error.ServerResponse, StringComparison.Ordinal);
            var second = await client.RetrieveAsync(2, default);
            Assert.StartsWith("Subject: b", System.Text.Encoding.ASCII.GetString(second), StringComparison.Ordinal);
        });
    }
}
