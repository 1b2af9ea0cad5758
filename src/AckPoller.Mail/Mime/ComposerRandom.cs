using System.Security.Cryptography;

namespace AckPoller.Mail.Mime;

/// <summary>Cryptographically random tokens in lower-case base32 (letters and digits, safe in ids and boundaries).</summary>
internal static class ComposerRandom
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A token carrying <paramref name="bytes"/> random bytes (8 characters per 5 bytes).</summary>
    public static string Base32(int bytes)
    {
        Span<byte> random = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(random);
        var chars = new char[((bytes * 8) + 4) / 5];
        var buffer = 0;
        var bits = 0;
        var position = 0;
        foreach (var b in random)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[position++] = Alphabet[(buffer >> bits) & 31];
            }

            buffer &= (1 << bits) - 1;
        }

        if (bits > 0)
        {
            chars[position] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars);
    }
}
