namespace AckPoller.Mail.Mime;

/// <summary>Multipart boundaries: "=_" followed by random characters. "=_" can never appear in quoted-printable or base64
/// output, and the composer still checks the encoded parts and draws again in the (astronomically unlikely) event of a
/// match with 7bit content.</summary>
internal static class ComposerBoundary
{
    public static string Create() => "=_ap_" + ComposerRandom.Base32(15);

    public static bool OccursIn(ReadOnlySpan<byte> content, string boundary)
    {
        Span<byte> needle = stackalloc byte[boundary.Length];
        for (var i = 0; i < boundary.Length; i++)
        {
            needle[i] = (byte)boundary[i];
        }

        return content.IndexOf(needle) >= 0;
    }
}
