using System.Text;

namespace AckPoller.Mail.Sasl;

/// <summary>PLAIN (RFC 4616): "\0user\0password" in UTF-8, no authorization identity.</summary>
public sealed class PlainMechanism : SaslMechanism
{
    private readonly string _userName;
    private readonly string _password;
    private bool _sentInitialResponse;

    public PlainMechanism(string userName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        _userName = userName;
        _password = password;
    }

    public override string Name => "PLAIN";

    public override byte[] GetInitialResponse()
    {
        _sentInitialResponse = true;
        return Encoding.UTF8.GetBytes($"\0{_userName}\0{_password}");
    }

    public override byte[] Respond(ReadOnlySpan<byte> challenge)
    {
        if (_sentInitialResponse)
        {
            throw new MailProtocolException("The server sent an unexpected second PLAIN challenge.");
        }

        return GetInitialResponse();
    }
}
