using System.Text;
using AckPoller.Mail.Sasl;

namespace AckPoller.Mail.Tests.Sasl;

[Trait("Category", "Unit")]
public class PlainAndLoginMechanismTests
{
    [Fact]
    public void PLAIN_is_NUL_user_NUL_password_in_UTF8()
    {
        // RFC 4616 §4: message = [authzid] UTF8NUL authcid UTF8NUL passwd.
        var mechanism = new PlainMechanism("tim", "tanstaaftanstaaf");
        Assert.Equal("\0tim\0tanstaaftanstaaf"u8.ToArray(), mechanism.GetInitialResponse());
        Assert.Equal("PLAIN", mechanism.Name);
    }

    [Fact]
    public void PLAIN_encodes_non_ASCII_as_UTF8()
    {
        var mechanism = new PlainMechanism("jörg@bücher.example", "pässwörd");
        Assert.Equal(Encoding.UTF8.GetBytes("\0jörg@bücher.example\0pässwörd"), mechanism.GetInitialResponse());
    }

    [Fact]
    public void PLAIN_answers_an_empty_challenge_once_then_refuses()
    {
        var mechanism = new PlainMechanism("u", "p");
        Assert.Equal("\0u\0p"u8.ToArray(), mechanism.Respond([]));
        Assert.Throws<MailProtocolException>(() => mechanism.Respond([]));
    }

    [Fact]
    public void LOGIN_sends_user_name_then_password_then_refuses()
    {
        var mechanism = new LoginMechanism("user@example.com", "sécret");
        Assert.False(mechanism.HasInitialResponse);
        Assert.Throws<InvalidOperationException>(() => mechanism.GetInitialResponse());
        Assert.Equal("user@example.com"u8.ToArray(), mechanism.Respond("Username:"u8));
        Assert.Equal(Encoding.UTF8.GetBytes("sécret"), mechanism.Respond("Password:"u8));
        Assert.Throws<MailProtocolException>(() => mechanism.Respond("Again:"u8));
        Assert.Equal("LOGIN", mechanism.Name);
    }
}
