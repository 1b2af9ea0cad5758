using System.Globalization;
using System.Text;

namespace AckPoller.Mail.Sasl;

/// <summary>OAUTHBEARER (RFC 7628): GS2 header "n,a=user," then host, the real port and the bearer token,
/// separated by ^A. On an error challenge the client answers with a single ^A (RFC 7628 §3.2.3).</summary>
public sealed class OAuthBearerMechanism : SaslMechanism
{
    private readonly string _userName;
    private readonly string _accessToken;
    private readonly string _host;
    private readonly int _port;
    private bool _sentInitialResponse;

    public OAuthBearerMechanism(string userName, string accessToken, string host, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        _userName = userName;
        _accessToken = accessToken;
        _host = host;
        _port = port;
    }

    public override string Name => "OAUTHBEARER";

    public override byte[] GetInitialResponse()
    {
        _sentInitialResponse = true;
        var port = _port.ToString(CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes($"n,a={EscapeSaslName(_userName)},\u0001host={_host}\u0001port={port}\u0001auth=Bearer {_accessToken}\u0001\u0001");
    }

    public override byte[] Respond(ReadOnlySpan<byte> challenge)
    {
        if (!_sentInitialResponse)
        {
            return GetInitialResponse();
        }

        ServerError = OAuthErrorChallenge.Parse(challenge);
        return [0x01];
    }

    // RFC 5801 saslname: "=" and "," are written as "=3D" and "=2C".
    private static string EscapeSaslName(string name) => name.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);
}
