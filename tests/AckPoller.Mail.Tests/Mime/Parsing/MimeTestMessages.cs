using System.Text;
using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Parsing;

/// <summary>Helpers for parser tests: messages written with "\n" become CRLF wire bytes, and a parsed tree is rendered to text
/// so two parses can be compared exactly.</summary>
internal static class MimeTestMessages
{
    public static byte[] Crlf(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));

    public static MimeMessage Parse(string text, MimeParserOptions? options = null) => MimeParser.Parse(Crlf(text), options);

    public static string Latin1(ReadOnlyMemory<byte> bytes) => Encoding.Latin1.GetString(bytes.Span);

    public static string Describe(MimeMessage message)
    {
        var builder = new StringBuilder();
        Describe(message, builder, 0);
        builder.AppendLine("warnings:");
        foreach (var warning in message.Warnings)
        {
            builder.AppendLine(warning);
        }

        return builder.ToString();
    }

    private static void Describe(MimeMessage message, StringBuilder builder, int depth)
    {
        var stack = new Stack<(MimeEntity Entity, int Depth)>();
        stack.Push((message.Body, depth));
        while (stack.Count > 0)
        {
            var (entity, level) = stack.Pop();
            var indent = new string(' ', level * 2);
            builder.Append(indent).Append(entity.GetType().Name).Append(' ').Append(entity.ContentType.MimeType).Append(" raw=").Append(entity.Raw.Length).AppendLine();
            foreach (var header in entity.Headers)
            {
                builder.Append(indent).Append("  ").Append(header.Name).Append(':').AppendLine(Latin1(header.RawValue));
            }

            switch (entity)
            {
                case MimePart part:
                    builder.Append(indent).Append("  content=").AppendLine(Latin1(part.RawContent));
                    break;
                case Multipart multipart:
                    builder.Append(indent).Append("  preamble=").Append(Latin1(multipart.Preamble)).Append(" epilogue=").Append(Latin1(multipart.Epilogue)).Append(" final=").Append(multipart.HasFinalBoundary).AppendLine();
                    for (var i = multipart.Parts.Count - 1; i >= 0; i--)
                    {
                        stack.Push((multipart.Parts[i], level + 1));
                    }

                    break;
                case MessagePart embedded:
                    stack.Push((embedded.Message.Body, level + 1));
                    break;
            }
        }
    }
}
