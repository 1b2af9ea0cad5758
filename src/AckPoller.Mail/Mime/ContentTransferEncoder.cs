namespace AckPoller.Mail.Mime;

/// <summary>Chooses a Content-Transfer-Encoding from the content and applies it. Input is UTF-8 with CRLF line ends.
/// 7bit when every line is short printable ASCII; otherwise quoted-printable for mostly-ASCII text (at most a quarter
/// of the bytes need escaping, so it stays readable and at most 50% larger) and base64 for the rest (CJK, Cyrillic,
/// emoji), where quoted-printable would triple the size.</summary>
internal static class ContentTransferEncoder
{
    public const int MaxSevenBitLineLength = ComposerHeaderFolder.PreferredLineLength;

    public static OutgoingTransferEncoding Choose(ReadOnlySpan<byte> content)
    {
        var needsEncoding = 0;
        var sevenBit = true;
        var lineLength = 0;
        for (var i = 0; i < content.Length; i++)
        {
            var b = content[i];
            if (b == (byte)'\r' && i + 1 < content.Length && content[i + 1] == (byte)'\n')
            {
                i++;
                lineLength = 0;
                continue;
            }

            lineLength++;
            if (lineLength > MaxSevenBitLineLength)
            {
                sevenBit = false;
            }

            if (b is (byte)'=' or > (byte)'~' or (< (byte)' ' and not (byte)'\t'))
            {
                needsEncoding++;
                sevenBit &= b == (byte)'=';
            }
        }

        if (sevenBit)
        {
            return OutgoingTransferEncoding.SevenBit;
        }

        return needsEncoding * 4L <= content.Length ? OutgoingTransferEncoding.QuotedPrintable : OutgoingTransferEncoding.Base64;
    }

    public static byte[] Encode(ReadOnlySpan<byte> content, OutgoingTransferEncoding encoding) => encoding switch
    {
        OutgoingTransferEncoding.SevenBit => content.ToArray(),
        OutgoingTransferEncoding.QuotedPrintable => QuotedPrintableEncoder.Encode(content),
        OutgoingTransferEncoding.Base64 => Base64LineEncoder.Encode(content),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    public static string HeaderValue(OutgoingTransferEncoding encoding) => encoding switch
    {
        OutgoingTransferEncoding.SevenBit => "7bit",
        OutgoingTransferEncoding.QuotedPrintable => "quoted-printable",
        OutgoingTransferEncoding.Base64 => "base64",
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };
}
