namespace AckPoller.Core.Replies;

/// <summary>An inline PGP-signed body (RFC 4880 section 7, "cleartext signature framework"): the "-----BEGIN PGP SIGNED
/// MESSAGE-----" line, its "Hash:" armor headers up to an empty line, the dash-escaped signed text (a line starting with
/// '-' was written as "- " followed by the line), then the "-----BEGIN PGP SIGNATURE-----" … "-----END PGP SIGNATURE-----"
/// block. The signed text is what the responder wrote; the framing is not. The signature is not verified (the sender
/// policy authorizes replies, not PGP).</summary>
internal static class PgpCleartext
{
    private const string BeginSigned = "-----BEGIN PGP SIGNED MESSAGE-----";
    private const string BeginSignature = "-----BEGIN PGP SIGNATURE-----";

    /// <summary>Armor headers are few ("Hash: SHA256"); more lines than this before the empty line is not the armor.</summary>
    private const int MaxArmorHeaders = 8;

    /// <summary>The signed text's lines when <paramref name="lines"/> opens (blank lines aside) with a cleartext-signed
    /// message; otherwise <paramref name="lines"/> unchanged. Text after the signature block (a quote some clients put
    /// below it) is kept below the signed text.</summary>
    public static string[] Unwrap(string[] lines)
    {
        var begin = 0;
        while (begin < lines.Length && QuoteMarkers.IsBlank(lines[begin]))
        {
            begin++;
        }

        if (begin >= lines.Length || lines[begin].Trim() != BeginSigned)
        {
            return lines;
        }

        var text = begin + 1;
        var headers = 0;
        while (text < lines.Length && !QuoteMarkers.IsBlank(lines[text]))
        {
            if (++headers > MaxArmorHeaders || !IsArmorHeader(lines[text]))
            {
                return lines;
            }

            text++;
        }

        text++; // the empty line ending the armor headers
        var result = new List<string>(lines.Length);
        var i = text;
        for (; i < lines.Length && lines[i].Trim() != BeginSignature; i++)
        {
            var line = lines[i];
            result.Add(line.StartsWith("- ", StringComparison.Ordinal) ? line[2..] : line);
        }

        // Skip the signature block; keep whatever follows it.
        while (i < lines.Length && !lines[i].Trim().StartsWith("-----END PGP SIGNATURE", StringComparison.Ordinal))
        {
            i++;
        }

        for (i++; i < lines.Length; i++)
        {
            result.Add(lines[i]);
        }

        return [.. result];
    }

    /// <summary>"Key: value" (RFC 4880 section 6.2), e.g. "Hash: SHA256" or "Hash: SHA1, SHA512".</summary>
    private static bool IsArmorHeader(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && colon <= 20 && line[..colon].All(char.IsAsciiLetter);
    }
}
