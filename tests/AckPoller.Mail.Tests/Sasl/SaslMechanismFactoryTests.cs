using AckPoller.Mail.Sasl;

namespace AckPoller.Mail.Tests.Sasl;

[Trait("Category", "Unit")]
public class SaslMechanismFactoryTests
{
    private static readonly MailCredentials Token = MailCredentials.FromAccessToken("u@example.com", "tok");
    private static readonly MailCredentials Password = MailCredentials.FromPassword("u@example.com", "pw");

    [Theory]
    [InlineData(new[] { "PLAIN", "LOGIN", "OAUTHBEARER", "XOAUTH2" }, "XOAUTH2")]
    [InlineData(new[] { "PLAIN", "OAUTHBEARER" }, "OAUTHBEARER")]
    [InlineData(new[] { "plain", "xoauth2" }, "XOAUTH2")]
    public void Tokens_prefer_XOAUTH2_then_OAUTHBEARER(string[] offered, string expected)
    {
        Assert.Equal(expected, SaslMechanismFactory.Choose(offered, Token, "h", 1).Name);
    }

    [Theory]
    [InlineData(new[] { "XOAUTH2", "LOGIN", "PLAIN" }, "PLAIN")]
    [InlineData(new[] { "XOAUTH2", "LOGIN" }, "LOGIN")]
    public void Passwords_prefer_PLAIN_then_LOGIN(string[] offered, string expected)
    {
        Assert.Equal(expected, SaslMechanismFactory.Choose(offered, Password, "h", 1).Name);
    }

    [Fact]
    public void A_requested_mechanism_wins_when_offered()
    {
        Assert.Equal("OAUTHBEARER", SaslMechanismFactory.Choose(["XOAUTH2", "OAUTHBEARER"], Token, "h", 1, "oauthbearer").Name);
    }

    [Fact]
    public void A_requested_mechanism_that_is_not_offered_is_an_authentication_error()
    {
        var error = Assert.Throws<MailAuthenticationException>(() => SaslMechanismFactory.Choose(["PLAIN"], Token, "h", 1, "xoauth2"));
        Assert.Equal("XOAUTH2", error.Mechanism);
        Assert.Contains("PLAIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_suitable_mechanism_is_an_authentication_error_naming_what_is_offered()
    {
        var error = Assert.Throws<MailAuthenticationException>(() => SaslMechanismFactory.Choose(["PLAIN", "LOGIN"], Token, "h", 1));
        Assert.Contains("OAuth tokens", error.Message, StringComparison.Ordinal);
        Assert.Contains("PLAIN, LOGIN", error.Message, StringComparison.Ordinal);
        var none = Assert.Throws<MailAuthenticationException>(() => SaslMechanismFactory.Choose([], Password, "h", 1));
        Assert.Contains("none", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_mechanisms_cannot_be_created()
    {
        Assert.Throws<ArgumentException>(() => SaslMechanismFactory.Create("CRAM-MD5", Password, "h", 1));
    }

    [Fact]
    public void Credentials_ToString_hides_the_secret()
    {
        var credentials = MailCredentials.FromAccessToken("u@example.com", "eyJ0eXAiOiJKV1Qi.secret-part");
        var text = credentials.ToString();
        Assert.Contains("u@example.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-part", text, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", MailCredentials.FromPassword("u", "hunter2").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_require_user_and_secret()
    {
        Assert.ThrowsAny<ArgumentException>(() => MailCredentials.FromAccessToken("", "tok"));
        Assert.ThrowsAny<ArgumentException>(() => MailCredentials.FromPassword("u", ""));
    }
}
