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

    public static string ToText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
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
