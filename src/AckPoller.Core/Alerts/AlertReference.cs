using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace AckPoller.Core.Alerts;

/// <summary>An alert's reference, written "AP-XXXXXX": six Crockford base32 characters (0-9, A-Z without I, L, O, U).
/// Parsing is case-insensitive and forgives the look-alikes Crockford allows (I and L read as 1, O as 0).</summary>
public readonly record struct AlertReference
{
    public const string Prefix = "AP-";
    public const int Length = 6;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private AlertReference(string code) => Code = code;

    /// <summary>The six canonical characters, upper-case, without the prefix.</summary>
    public string Code { get; }

    /// <summary>A new random reference (30 bits: a billion values, enough that collisions are checked, not expected).</summary>
    public static AlertReference New()
    {
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new AlertReference(new string(code));
    }

    /// <summary>Parses "AP-XXXXXX", "ap-xxxxxx" or the bare six characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AlertReference reference)
    {
        reference = default;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            span = span[Prefix.Length..];
        }

        if (span.Length != Length)
        {
            return false;
        }

        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            var c = Canonical(span[i]);
            if (c == '\0')
            {
                return false;
            }

            code[i] = c;
        }

        reference = new AlertReference(new string(code));
        return true;
    }

    public static AlertReference Parse(string text) =>
        TryParse(text, out var reference) ? reference : throw new FormatException($"'{text}' is not an alert reference like AP-7K3QZ9.");

    /// <summary>The first "AP-XXXXXX" in <paramref name="text"/> that stands as a word of its own, if any.</summary>
    public static bool TryFind(string? text, out AlertReference reference)
    {
        reference = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var at = 0;
        while ((at = text.IndexOf(Prefix, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = at + Prefix.Length + Length;
            var standsAlone = (at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || (end < text.Length && !char.IsLetterOrDigit(text[end])));
            if (standsAlone && end <= text.Length && TryParse(text.Substring(at, Prefix.Length + Length), out reference))
            {
                return true;
            }

            at += Prefix.Length;
        }

        return false;
    }

    public override string ToString() => Prefix + Code;

    private static char Canonical(char c)
    {
        c = char.ToUpperInvariant(c);
        return c switch
        {
            'I' or 'L' => '1',
            'O' => '0',
            'U' => '\0',
            _ when Alphabet.Contains(c, StringComparison.Ordinal) => c,
            _ => '\0',
        };
    }
}
