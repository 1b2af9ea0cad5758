using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>Body text as the composer encodes it: UTF-8 with every line break (CRLF, bare CR or bare LF) made CRLF.</summary>
internal static class ComposerText
{
    public static byte[] ToCrlfUtf8(string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        var builder = new StringBuilder(text.Length + (text.Length / 32));
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                builder.Append("\r\n");
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c == '\n')
            {
                builder.Append("\r\n");
            }
            else
            {
                builder.Append(c);
            }
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
