using System.Text;
using AckPoller.Mail.Sasl;

namespace AckPoller.Mail.Tests.Sasl;

[Trait("Category", "Unit")]
public class OAuthBearerMechanismTests
{
    // RFC 7628 §4.1: the bearer token and the client's initial response, decoded and as sent in base64.
    private const string RfcToken = "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==";
    private const string RfcInitialResponse = "n,a=user@example.com,\u0001host=server.example.com\u0001port=143\u0001auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\u0001\u0001";
    private const string RfcInitialResponseBase64 = "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB";

    // RFC 7628 §4.3 (IMAP) and §4.4 (SMTP) error challenges.
    private const string Rfc43Challenge = "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxlX3Njb3BlIiwib3BlbmlkLWNvbmZpZ3VyYXRpb24iOiJodHRwczovL2V4YW1wbGUuY29tLy53ZWxsLWtub3duL29wZW5pZC1jb25maWd1cmF0aW9uIn0=";
    private const string Rfc44Challenge = "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NoZW1lcyI6ImJlYXJlciBtYWMiLCJzY29wZSI6Imh0dHBzOi8vbWFpbC5nb29nbGUuY29tLyJ9";

    [Fact]
    public void Initial_response_matches_RFC_7628_section_4_1()
    {
        var mechanism = new OAuthBearerMechanism("user@example.com", RfcToken, "server.example.com", 143);
        var response = mechanism.GetInitialResponse();
        Assert.Equal(RfcInitialResponse, Encoding.UTF8.GetString(response));
        Assert.Equal(RfcInitialResponseBase64, Convert.ToBase64String(response));
        Assert.Equal("OAUTHBEARER", mechanism.Name);
        Assert.True(mechanism.HasInitialResponse);
    }

    [Fact]
    public void Without_an_initial_response_the_first_empty_challenge_gets_it()
    {
        var mechanism = new OAuthBearerMechanism("user@example.com", RfcToken, "server.example.com", 143);
        Assert.Equal(RfcInitialResponse, Encoding.UTF8.GetString(mechanism.Respond([])));
        Assert.Null(mechanism.ServerError);
    }

    [Fact]
    public void Error_challenge_of_section_4_3_is_answered_with_a_single_0x01_and_decoded()
    {
        var mechanism = new OAuthBearerMechanism("user@example.com", RfcToken, "server.example.com", 143);
        mechanism.GetInitialResponse();
        var response = mechanism.Respond(Convert.FromBase64String(Rfc43Challenge));
        Assert.Equal("AQ==", Convert.ToBase64String(response));
        var error = mechanism.ServerError;
        Assert.NotNull(error);
        Assert.Equal("invalid_token", error.Status);
        Assert.Equal("example_scope", error.Scope);
        Assert.Null(error.Schemes);
        Assert.Equal("""{"status":"invalid_token","scope":"example_scope","openid-configuration":"https://example.com/.well-known/openid-configuration"}""", error.Json);
    }

    [Fact]
    public void Error_challenge_of_section_4_4_is_decoded()
    {
        var mechanism = new OAuthBearerMechanism("someuser@example.com", RfcToken, "server.example.com", 587);
        mechanism.GetInitialResponse();
        Assert.Equal(new byte[] { 0x01 }, mechanism.Respond(Convert.FromBase64String(Rfc44Challenge)));
        Assert.Equal("invalid_token", mechanism.ServerError!.Status);
        Assert.Equal("bearer mac", mechanism.ServerError.Schemes);
        Assert.Equal("https://mail.google.com/", mechanism.ServerError.Scope);
    }

    [Fact]
    public void User_names_with_comma_or_equals_are_escaped_as_saslname()
    {
        var mechanism = new OAuthBearerMechanism("a=b,c@example.com", "t", "h", 1);
        Assert.StartsWith("n,a=a=3Db=2Cc@example.com,\u0001", Encoding.UTF8.GetString(mechanism.GetInitialResponse()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "token", "host", 143)]
    [InlineData("user", "", "host", 143)]
    [InlineData("user", "token", "", 143)]
    [InlineData("user", "token", "host", 0)]
    public void Rejects_missing_parts(string user, string token, string host, int port)
    {
        Assert.ThrowsAny<ArgumentException>(() => new OAuthBearerMechanism(user, token, host, port));
    }
}
