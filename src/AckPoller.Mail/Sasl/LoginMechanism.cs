using System.Text;

namespace AckPoller.Mail.Sasl;

/// <summary>The obsolete but widespread LOGIN mechanism: the server prompts "Username:" then "Password:".</summary>
public sealed class LoginMechanism : SaslMechanism
{
    private readonly string _userName;
    private readonly string _password;
    private int _step;

    public LoginMechanism(string userName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        _userName = userName;
        _password = password;
    }

    public override string Name => "LOGIN";

    public override bool HasInitialResponse => false;

    public override byte[] GetInitialResponse() => throw new InvalidOperationException("LOGIN has no initial response.");

    public override byte[] Respond(ReadOnlySpan<byte> challenge)
    {
        _step++;
        return _step switch
        {
            1 => Encoding.UTF8.GetBytes(_userName),
            2 => Encoding.UTF8.GetBytes(_password),
            _ => throw new MailProtocolException("The server sent more LOGIN challenges than user name and password."),
        };
    }
}
