using System.Buffers.Text;

namespace AckPoller.Mail.Mime;

/// <summary>Base64 in 76-character lines separated by CRLF (RFC 2045 section 6.8), with no CRLF after the last line.</summary>
internal static class Base64LineEncoder
{
    private const int BytesPerLine = 57; // 57 bytes -> 76 characters

    public static byte[] Encode(ReadOnlySpan<byte> content)
    {
        var lines = (content.Length + BytesPerLine - 1) / BytesPerLine;
        var output = new byte[Base64.GetMaxEncodedToUtf8Length(content.Length) + (Math.Max(0, lines - 1) * 2)];
        var written = 0;
        for (var offset = 0; offset < content.Length; offset += BytesPerLine)
        {
            if (offset > 0)
            {
                output[written++] = (byte)'\r';
                output[written++] = (byte)'\n';
            }

            var chunk = content.Slice(offset, Math.Min(BytesPerLine, content.Length - offset));
            Base64.EncodeToUtf8(chunk, output.AsSpan(written), out _, out var count);
            written += count;
        }

        return written == output.Length ? output : output.AsSpan(0, written).ToArray();
    }
}
