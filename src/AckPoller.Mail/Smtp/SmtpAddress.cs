using System.Text;

namespace AckPoller.Mail.Smtp;

/// <summary>Checks an envelope address before it goes into MAIL FROM/RCPT TO, so that no address can end the
/// command early or add parameters or commands of its own (CR, LF, NUL, other controls, angle brackets).</summary>
internal static class SmtpAddress
{
    /// <summary>RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets.</summary>
    private const int MaxOctets = 254;

    /// <summary>Throws ArgumentException for an unusable address; returns true when it contains non-ASCII characters.</summary>
    public static bool Validate(string address, bool allowEmpty, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(address, parameterName);
        if (address.Length == 0)
        {
            return allowEmpty
                ? false
                : throw new ArgumentException("An envelope address cannot be empty.", parameterName);
        }

        var nonAscii = false;
        foreach (var c in address)
        {
            if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || char.IsControl(c))
            {
                throw new ArgumentException($"The envelope address contains a forbidden character (U+{(int)c:X4}): CR, LF, controls and angle brackets are not allowed.", parameterName);
            }

            nonAscii |= c > 0x7F;
        }

        if (address[0] == ' ' || address[^1] == ' ')
        {
            throw new ArgumentException("An envelope address cannot start or end with a space.", parameterName);
        }

        if (Encoding.UTF8.GetByteCount(address) > MaxOctets)
        {
            throw new ArgumentException($"The envelope address is longer than {MaxOctets} octets.", parameterName);
        }

        return nonAscii;
    }
}
