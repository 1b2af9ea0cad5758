namespace AckPoller.Core.Replies;

/// <summary>A cheap upper estimate of how deeply an HTML document nests its elements, from the tags alone.</summary>
internal static class HtmlNesting
{
    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "img", "hr", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "source", "track", "param",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> VoidLookup = VoidElements.GetAlternateLookup<ReadOnlySpan<char>>();

    public static int Estimate(string html)
    {
        var depth = 0;
        var max = 0;
        var index = html.IndexOf('<', StringComparison.Ordinal);
        while (index >= 0 && index + 1 < html.Length)
        {
            var closing = html[index + 1] == '/';
            var nameStart = closing ? index + 2 : index + 1;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd]))
            {
                nameEnd++;
            }

            if (nameEnd > nameStart && !VoidLookup.Contains(html.AsSpan(nameStart, nameEnd - nameStart)))
            {
                depth = closing ? Math.Max(0, depth - 1) : depth + 1;
                max = Math.Max(max, depth);
            }

            index = html.IndexOf('<', nameEnd);
        }

        return max;
    }
}
