using System.Text;
using AckPoller.Mail.Sasl;

namespace AckPoller.Mail.Tests.Sasl;

[Trait("Category", "Unit")]
public class XOAuth2MechanismTests
{
    [Fact]
    public void Initial_response_is_user_and_bearer_token_separated_by_ctrl_A()
    {
        // Microsoft's "Authenticate an IMAP, POP or SMTP connection using OAuth" and Google's XOAUTH2 protocol page.
        var mechanism = new XOAuth2Mechanism("test@contoso.onmicrosoft.com", "EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA");
        var response = mechanism.GetInitialResponse();
        Assert.Equal("user=test@contoso.onmicrosoft.com\u0001auth=Bearer EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA\u0001\u0001", Encoding.UTF8.GetString(response));
        Assert.Equal("XOAUTH2", mechanism.Name);
        Assert.True(mechanism.HasInitialResponse);
    }

    [Fact]
    public void Google_documentation_example_encodes_as_documented()
    {
        var mechanism = new XOAuth2Mechanism("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");
        Assert.Equal(
            "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==",
            Convert.ToBase64String(mechanism.GetInitialResponse()));
    }

    [Fact]
    public void An_empty_first_challenge_gets_the_initial_response()
    {
        var mechanism = new XOAuth2Mechanism("u@example.com", "tok");
        Assert.Equal("user=u@example.com\u0001auth=Bearer tok\u0001\u0001", Encoding.UTF8.GetString(mechanism.Respond([])));
    }

    [Fact]
    public void Error_challenge_is_answered_with_an_empty_response_and_kept()
    {
        var mechanism = new XOAuth2Mechanism("u@example.com", "tok");
        mechanism.GetInitialResponse();
        var challenge = """{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}"""u8;
        Assert.Empty(mechanism.Respond(challenge));
        Assert.Equal("401", mechanism.ServerError!.Status);
        Assert.Equal("bearer", mechanism.ServerError.Schemes);
        Assert.Equal("https://mail.google.com/", mechanism.ServerError.Scope);
    }

    [Fact]
    public void A_challenge_that_is_not_JSON_is_kept_as_text()
    {
        var mechanism = new XOAuth2Mechanism("u@example.com", "tok");
        mechanism.GetInitialResponse();
        Assert.Empty(mechanism.Respond("not json"u8));
        Assert.Equal("not json", mechanism.ServerError!.Json);
        Assert.Null(mechanism.ServerError.Status);
    }
}
