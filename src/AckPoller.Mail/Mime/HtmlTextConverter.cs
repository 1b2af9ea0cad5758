using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AckPoller.Mail.Mime;

/// <summary>HTML to readable text (AngleSharp parses): block elements (p, div, li, tr, headings, ...) and br become line breaks,
/// blockquote lines get "&gt; " prefixes (so quoted history stays recognisable), list items get "- ", table cells are separated
/// by a tab, pre keeps its lines; head, style, script and other non-content elements are dropped. Walks iteratively, so deep
/// nesting cannot overflow the stack.</summary>
public static class HtmlTextConverter
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "head", "style", "script", "title", "noscript", "template", "meta", "link", "object", "iframe",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "tr", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "caption",
        "section", "article", "header", "footer", "nav", "aside", "main", "form", "center", "address",
        "figure", "figcaption", "fieldset", "details", "summary", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "body", "html",
        "blockquote", "pre",
    };

    // The HTML5 tree builder does work proportional to the open-element stack for each tag, so very deep nesting costs
    // quadratic time; such (hostile) input is converted by a linear tag stripper instead.
    private const int MaxNestingForDom = 512;

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "img", "hr", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "source", "track", "param",
    };

    public static string ToText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (EstimateNesting(html) > MaxNestingForDom)
        {
            return StripTags(html);
        }

        var parser = new HtmlParser();
        using var document = parser.ParseDocument(html);
        var root = (INode?)document.Body ?? document.DocumentElement;
        var writer = new TextLineWriter();
        if (root is null)
        {
            return string.Empty;
        }

        var stack = new Stack<(INode Node, bool Exit)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, exit) = stack.Pop();
            if (node is IText text)
            {
                writer.WriteText(text.Data);
                continue;
            }

            if (node is not IElement element)
            {
                continue;
            }

            var name = element.LocalName;
            if (exit)
            {
                Leave(writer, name);
                continue;
            }

            if (Dropped.Contains(name))
            {
                continue;
            }

            Enter(writer, name);
            stack.Push((node, true));
            var children = node.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                stack.Push((children[i], false));
            }
        }

        return writer.ToString();
    }

    private static int EstimateNesting(string html)
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

            if (nameEnd > nameStart && !VoidElements.Contains(html[nameStart..nameEnd]))
            {
                depth = closing ? Math.Max(0, depth - 1) : depth + 1;
                max = Math.Max(max, depth);
            }

            index = html.IndexOf('<', nameEnd);
        }

        return max;
    }

    private static string StripTags(string html)
    {
        var writer = new TextLineWriter();
        var position = 0;
        while (position < html.Length)
        {
            var open = html.IndexOf('<', position);
            var textEnd = open < 0 ? html.Length : open;
            if (textEnd > position)
            {
                writer.WriteText(System.Net.WebUtility.HtmlDecode(html[position..textEnd]));
            }

            if (open < 0)
            {
                break;
            }

            var close = html.IndexOf('>', open);
            if (close < 0)
            {
                break;
            }

            var tag = html.AsSpan(open + 1, close - open - 1).TrimStart('/');
            var nameLength = 0;
            while (nameLength < tag.Length && char.IsAsciiLetterOrDigit(tag[nameLength]))
            {
                nameLength++;
            }

            var name = tag[..nameLength].ToString().ToLowerInvariant();
            if (name == "br" || Blocks.Contains(name))
            {
                writer.EndLine();
            }

            position = close + 1;
            if (Dropped.Contains(name) && html[open + 1] != '/')
            {
                var end = html.IndexOf("</" + name, position, StringComparison.OrdinalIgnoreCase);
                position = end < 0 ? html.Length : end;
            }
        }

        return writer.ToString();
    }

    private static void Enter(TextLineWriter writer, string name)
    {
        switch (name)
        {
            case "br":
                writer.LineBreak();
                return;
            case "td" or "th":
                writer.CellSeparator();
                return;
            case "img":
                return;
        }

        if (Blocks.Contains(name))
        {
            writer.EndLine();
        }

        switch (name)
        {
            case "blockquote":
                writer.QuoteDepth++;
                break;
            case "pre":
                writer.PreDepth++;
                break;
            case "li":
                writer.WritePrefix("- ");
                break;
        }
    }

    private static void Leave(TextLineWriter writer, string name)
    {
        switch (name)
        {
            case "blockquote":
                writer.EndLine();
                writer.QuoteDepth--;
                return;
            case "pre":
                writer.EndLine();
                writer.PreDepth--;
                return;
            case "tr":
                writer.ResetCells();
                break;
        }

        if (Blocks.Contains(name))
        {
            writer.EndLine();
        }
    }

    private sealed class TextLineWriter
    {
        private readonly StringBuilder text = new();
        private int pendingBreaks;
        private bool lineHasContent;
        private bool pendingSpace;
        private bool firstCell = true;

        public int QuoteDepth { get; set; }

        public int PreDepth { get; set; }

        public void EndLine()
        {
            if (lineHasContent)
            {
                pendingBreaks = Math.Max(pendingBreaks, 1);
                lineHasContent = false;
                pendingSpace = false;
            }
        }

        public void LineBreak()
        {
            pendingBreaks = Math.Min(pendingBreaks + 1, 2);
            lineHasContent = false;
            pendingSpace = false;
        }

        public void CellSeparator()
        {
            if (!firstCell && lineHasContent)
            {
                WriteRaw("\t");
            }

            firstCell = false;
        }

        public void ResetCells() => firstCell = true;

        public void WritePrefix(string prefix) => WriteRaw(prefix);

        public void WriteText(string data)
        {
            if (PreDepth > 0)
            {
                var lines = data.Split('\n');
                for (var i = 0; i < lines.Length; i++)
                {
                    if (i > 0)
                    {
                        LineBreak();
                    }

                    WriteRaw(lines[i].TrimEnd('\r'));
                }

                return;
            }

            foreach (var c in data)
            {
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = lineHasContent;
                    continue;
                }

                if (pendingSpace)
                {
                    text.Append(' ');
                    pendingSpace = false;
                }

                WriteChar(c);
            }
        }

        public override string ToString()
        {
            var lines = text.ToString().Split('\n');
            var result = new StringBuilder(text.Length);
            foreach (var line in lines)
            {
                result.Append(line.TrimEnd()).Append('\n');
            }

            return result.ToString().Trim('\n');
        }

        private void WriteRaw(string value)
        {
            foreach (var c in value)
            {
                WriteChar(c);
            }
        }

        private void WriteChar(char c)
        {
            if (!lineHasContent)
            {
                if (text.Length > 0)
                {
                    text.Append('\n', Math.Max(pendingBreaks, 0));
                }

                pendingBreaks = 0;
                for (var i = 0; i < QuoteDepth; i++)
                {
                    text.Append("> ");
                }

                lineHasContent = true;
            }

            text.Append(c);
        }
    }
}
