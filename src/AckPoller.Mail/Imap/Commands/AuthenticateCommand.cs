using System.Buffers.Text;
using System.Text;
using AckPoller.Mail.Sasl;

namespace AckPoller.Mail.Imap.Commands;

/// <summary>AUTHENTICATE (RFC 3501 §6.2.2) with SASL-IR (RFC 4959) when the server offers it. Each challenge is
/// base64-decoded and handed to the mechanism; each answer goes back base64-encoded, as a secret.</summary>
internal sealed class AuthenticateCommand(SaslMechanism mechanism, bool initialResponse) : ImapCommand
{
    private const int MaxChallenges = 10;

    private int _challenges;

    public SaslMechanism Mechanism => mechanism;

    public override string Name => "AUTHENTICATE";

    public override void Build(ImapCommandBuilder builder)
    {
        builder.Raw("AUTHENTICATE "u8).Atom(mechanism.Name);
        if (initialResponse && mechanism.HasInitialResponse)
        {
            var response = mechanism.GetInitialResponse();
            builder.Space().BeginSecret().Raw(response.Length == 0 ? "="u8 : Encoding.ASCII.GetBytes(Convert.ToBase64String(response)));
        }
    }

    public override byte[]? OnContinuation(ReadOnlySpan<byte> text)
    {
        if (++_challenges > MaxChallenges)
        {
            throw new MailProtocolException($"The IMAP server sent more than {MaxChallenges} {mechanism.Name} challenges.");
        }

        var challenge = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (Base64.DecodeFromUtf8(text, challenge, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            throw new MailProtocolException($"The IMAP server sent a {mechanism.Name} challenge that is not base64.");
        }

        var answer = mechanism.Respond(challenge.AsSpan(0, written));
        return Encoding.ASCII.GetBytes(Convert.ToBase64String(answer) + "\r\n");
    }
}
