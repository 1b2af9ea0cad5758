using System.Buffers.Text;
using System.Text;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Smtp;

/// <summary>One SMTP AUTH exchange (RFC 4954): the command with the initial response when it fits on a short line,
/// 334 challenges answered by the mechanism, 235 on success. Every client response is written as a secret.</summary>
internal sealed class SmtpAuthenticator
{
    private const int MaxAuthLineLength = 500;
    private const int MaxRounds = 10;

    private readonly MailConnection _connection;
    private readonly SaslMechanism _mechanism;

    public SmtpAuthenticator(MailConnection connection, SaslMechanism mechanism)
    {
        _connection = connection;
        _mechanism = mechanism;
    }

    public async Task AuthenticateAsync(CancellationToken cancellationToken)
    {
        var command = "AUTH " + _mechanism.Name;
        byte[]? pendingInitialResponse = null;
        if (_mechanism.HasInitialResponse)
        {
            var initial = _mechanism.GetInitialResponse();
            var encodedLength = Base64.GetMaxEncodedToUtf8Length(initial.Length);

            // RFC 4954 §4 and Dovecot's ~1 KB limit: a long initial response waits for the server's empty 334.
            if (command.Length + 1 + Math.Max(encodedLength, 1) + 2 <= MaxAuthLineLength)
            {
                await WriteResponseAsync(command + " ", initial, emptyAsEquals: true, cancellationToken);
            }
            else
            {
                pendingInitialResponse = initial;
                await _connection.WriteLineAsync(command, cancellationToken);
            }
        }
        else
        {
            await _connection.WriteLineAsync(command, cancellationToken);
        }

        for (var round = 0; ; round++)
        {
            var reply = await SmtpReplyReader.ReadAsync(_connection, cancellationToken);
            if (reply.Code == 235)
            {
                return;
            }

            if (reply.Code != 334)
            {
                throw Failure(reply);
            }

            if (round >= MaxRounds)
            {
                _connection.MarkBroken();
                throw new MailProtocolException($"The SMTP server sent more than {MaxRounds} AUTH {_mechanism.Name} challenges.");
            }

            byte[] response;
            if (pendingInitialResponse is not null)
            {
                response = pendingInitialResponse;
                pendingInitialResponse = null;
            }
            else
            {
                response = Respond(DecodeChallenge(reply));
            }

            await WriteResponseAsync(string.Empty, response, emptyAsEquals: false, cancellationToken);
        }
    }

    private byte[] Respond(byte[] challenge)
    {
        try
        {
            return _mechanism.Respond(challenge);
        }
        catch (MailProtocolException)
        {
            _connection.MarkBroken();
            throw;
        }
    }

    private byte[] DecodeChallenge(SmtpReply reply)
    {
        var text = reply.Lines.Count == 1 ? reply.Lines[0].Trim() : string.Concat(reply.Lines).Trim();
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (!Convert.TryFromBase64String(text, bytes, out var written))
        {
            _connection.MarkBroken();
            throw new MailProtocolException($"The SMTP server sent an AUTH {_mechanism.Name} challenge that is not base64.");
        }

        return bytes.AsSpan(0, written).ToArray();
    }

    /// <summary>Writes prefix + base64(response) + CRLF with only the prefix visible in the protocol log.
    /// On the AUTH line an empty initial response is "=" (RFC 4954 §4); as an answer to 334 it is an empty line.</summary>
    private async Task WriteResponseAsync(string prefix, byte[] response, bool emptyAsEquals, CancellationToken cancellationToken)
    {
        var encodedLength = Base64.GetMaxEncodedToUtf8Length(response.Length);
        var line = new byte[prefix.Length + Math.Max(encodedLength, 1) + 2];
        var position = Encoding.ASCII.GetBytes(prefix, line);
        if (response.Length == 0 && emptyAsEquals)
        {
            line[position++] = (byte)'=';
        }
        else
        {
            Base64.EncodeToUtf8(response, line.AsSpan(position), out _, out var written);
            position += written;
        }

        line[position++] = (byte)'\r';
        line[position++] = (byte)'\n';
        try
        {
            await _connection.WriteSecretAsync(line.AsMemory(0, position), prefix.Length, cancellationToken);
        }
        finally
        {
            Array.Clear(line);
            Array.Clear(response);
        }
    }

    private MailException Failure(SmtpReply reply)
    {
        if (reply.Code == 421)
        {
            _connection.MarkBroken();
        }

        // 535 bad credentials, 534 mechanism too weak, 538 encryption required, 454 temporary failure, 530 TLS required.
        if (reply.Code is 535 or 534 or 538 or 454 or 530)
        {
            var code = reply.EnhancedStatusCode is null ? $"{reply.Code}" : $"{reply.Code} {reply.EnhancedStatusCode}";
            var oauth = _mechanism.ServerError is { } error ? $" (OAuth error: {error.Json})" : string.Empty;
            return new MailAuthenticationException(
                $"The SMTP server {_connection.Host}:{_connection.Port} rejected AUTH {_mechanism.Name}: {code} {reply.Text}{oauth}",
                reply.ToString())
            {
                Mechanism = _mechanism.Name,
                OAuthError = _mechanism.ServerError,
                ResponseCode = reply.EnhancedStatusCode,
            };
        }

        return new SmtpCommandException($"The SMTP server {_connection.Host}:{_connection.Port} refused AUTH {_mechanism.Name}: {reply.Code} {reply.Text}", reply);
    }
}
