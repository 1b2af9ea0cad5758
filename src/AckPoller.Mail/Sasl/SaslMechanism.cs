namespace AckPoller.Mail.Sasl;

/// <summary>One SASL mechanism: pure bytes in, bytes out. Protocol clients do the base64 and the framing
/// (IMAP "+", POP3 "+", SMTP 334). Every client response is secret and must be written redacted.</summary>
public abstract class SaslMechanism
{
    /// <summary>The IANA name, e.g. XOAUTH2.</summary>
    public abstract string Name { get; }

    /// <summary>True when the first client message may go with the command (SASL-IR, SMTP/POP3 initial response).</summary>
    public virtual bool HasInitialResponse => true;

    /// <summary>The OAuth error the server sent as a challenge instead of accepting the token, if any.</summary>
    public OAuthErrorChallenge? ServerError { get; protected set; }

    /// <summary>The first client message, for mechanisms that have one.</summary>
    public abstract byte[] GetInitialResponse();

    /// <summary>Answers a server challenge (already base64-decoded).</summary>
    public abstract byte[] Respond(ReadOnlySpan<byte> challenge);
}
