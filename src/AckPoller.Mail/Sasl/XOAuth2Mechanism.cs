using System.Text;

namespace AckPoller.Mail.Sasl;

/// <summary>Google's and Microsoft's XOAUTH2: "user=U^Aauth=Bearer T^A^A". A challenge after the response is an
/// error JSON; the client must answer it with an empty response, and the server then sends its final failure.</summary>
public sealed class XOAuth2Mechanism : SaslMechanism
{
    private readonly string _userName;
    private readonly string _accessToken;
    private bool _sentInitialResponse;

    public XOAuth2Mechanism(string userName, string accessToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        _userName = userName;
        _accessToken = accessToken;
    }

    public override string Name => "XOAUTH2";

    public override byte[] GetInitialResponse()
    {
        _sentInitialResponse = true;
        return Encoding.UTF8.GetBytes($"user={_userName}\u0001auth=Bearer {_accessToken}\u0001\u0001");
    }

    public override byte[] Respond(ReadOnlySpan<byte> challenge)
    {
        if (!_sentInitialResponse)
        {
            // The server asked for the response with an empty challenge (no SASL-IR).
            return GetInitialResponse();
        }

        ServerError = OAuthErrorChallenge.Parse(challenge);
        return [];
    }
}
