using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>RFC 3676 format=flowed: lines ending in a space are soft breaks and are joined with the next line of the same quote
/// depth; space-stuffing is undone; with DelSp=yes the soft-break space is removed. The signature separator "-- " stays a line.</summary>
public static class FlowedTextDecoder
{
    public static string Decode(string text, bool deleteSpace)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new StringBuilder(text.Length);
        var paragraph = new StringBuilder();
        var paragraphDepth = -1;
        foreach (var raw in lines)
        {
            var depth = 0;
            while (depth < raw.Length && raw[depth] == '>')
            {
                depth++;
            }

            var line = raw[depth..];
            if (line.StartsWith(' '))
            {
                line = line[1..]; // space-stuffing
            }

            if (paragraphDepth >= 0 && depth != paragraphDepth)
            {
                EndParagraph(result, paragraph, paragraphDepth);
            }

            paragraphDepth = depth;
            var soft = line.EndsWith(' ') && line != "-- ";
            if (soft && deleteSpace)
            {
                line = line[..^1];
            }

            paragraph.Append(line);
            if (!soft)
            {
                EndParagraph(result, paragraph, depth);
                paragraphDepth = -1;
            }
        }

        if (paragraphDepth >= 0)
        {
            EndParagraph(result, paragraph, paragraphDepth);
        }

        return result.Length > 0 && !text.EndsWith('\n') ? result.ToString(0, result.Length - 1) : result.ToString();
    }

    private static void EndParagraph(StringBuilder result, StringBuilder paragraph, int depth)
    {
        if (depth > 0)
        {
            result.Append('>', depth).Append(' ');
        }

        result.Append(paragraph).Append('\n');
        paragraph.Clear();
    }
}
