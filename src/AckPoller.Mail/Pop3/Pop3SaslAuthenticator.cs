using System.Buffers.Text;
using AckPoller.Mail.Sasl;

namespace AckPoller.Mail.Pop3;

/// <summary>The AUTH exchange (RFC 5034), always in the two-step form: "AUTH MECH", then each client response after
/// the server's "+ " continuation. The initial response is never put on the AUTH line: Office 365 answers that form with
/// "-ERR Protocol error. Connection is closed.".</summary>
internal static class Pop3SaslAuthenticator
{
    // PLAIN/XOAUTH2/OAUTHBEARER need one or two rounds, LOGIN two; more means the server is looping.
    private const int MaxRounds = 8;

    public static async Task AuthenticateAsync(Pop3Channel channel, SaslMechanism mechanism, CancellationToken cancellationToken)
    {
        await channel.SendAsync("AUTH " + mechanism.Name, cancellationToken);
        var rounds = 0;
        while (true)
        {
            var status = await channel.ReadStatusAsync(allowContinuation: true, cancellationToken);
            switch (status.Kind)
            {
                case Pop3StatusKind.Ok:
                    return;
                case Pop3StatusKind.Error:
                    throw Rejected(mechanism, status);
            }

            if (++rounds > MaxRounds)
            {
                throw channel.Garbage($"The POP3 server sent more than {MaxRounds} {mechanism.Name} challenges.");
            }

            var challenge = Decode(channel, status.Text.Span);
            var response = rounds == 1 && mechanism.HasInitialResponse && challenge.Length == 0
                ? mechanism.GetInitialResponse()
                : mechanism.Respond(challenge);
            try
            {
                await channel.SendSecretBase64LineAsync(response, cancellationToken);
            }
            finally
            {
                Array.Clear(response);
            }
        }
    }

    private static byte[] Decode(Pop3Channel channel, ReadOnlySpan<byte> base64)
    {
        var trimmed = base64.TrimEnd((byte)' ');
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(trimmed.Length)];
        if (Base64.DecodeFromUtf8(trimmed, decoded, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            throw channel.Garbage($"The POP3 server sent a SASL challenge that is not base64: '{Pop3Channel.Quote(base64)}'.");
        }

        return written == decoded.Length ? decoded : decoded.AsSpan(0, written).ToArray();
    }

    private static MailAuthenticationException Rejected(SaslMechanism mechanism, Pop3StatusLine status)
    {
        var text = status.GetText();
        var reason = mechanism.ServerError is { } error
            ? $" (OAuth error: {error.Json})"
            : string.Empty;
        return new MailAuthenticationException($"The POP3 server rejected {mechanism.Name} authentication: {text}{reason}", text)
        {
            Mechanism = mechanism.Name,
            OAuthError = mechanism.ServerError,
            ResponseCode = status.GetResponseCode(),
        };
    }
}
