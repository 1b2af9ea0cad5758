using AckPoller.Mail.Mime;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AckPoller.Core.Replies;

/// <summary>The new text of an HTML reply: the first element that starts quoted history (a blockquote, Gmail's
/// gmail_quote, Outlook's #divRplyFwdMsg / #appendonsend / border-top header div, Apple's blockquote type=cite, Thunderbird's
/// moz-cite-prefix, Yahoo's yahoo_quoted) is removed with everything after it; signature blocks are dropped; what is left is
/// converted to text and then read like a plain-text reply (for the textual markers clients also leave in HTML).</summary>
internal static class HtmlQuoteStripper
{
    /// <summary>The HTML5 tree builder costs quadratic time on very deep nesting; such (hostile) input skips the DOM step.</summary>
    private const int MaxNestingForDom = 512;

    /// <summary>Longer HTML is cut to this before it is read (1 M characters: the new text is at the top, and at most
    /// 256 K characters of text are read anyway; 4 M cost about 114 MB of allocations for a 15.8 MB HTML reply).</summary>
    internal const int MaxHtmlLength = 1024 * 1024;

    private static readonly string[] QuoteIds = ["divRplyFwdMsg", "appendonsend", "mail-editor-reference-message-container", "OLK_SRC_BODY_SECTION", "stopSpelling"];

    private static readonly string[] QuoteClasses = ["gmail_quote", "gmail_quote_container", "gmail_attr", "moz-cite-prefix", "yahoo_quoted", "OutlookMessageHeader", "zmail_extra"];

    private static readonly string[] SignatureIds = ["Signature", "signature", "ms-outlook-mobile-signature"];

    private static readonly string[] SignatureClasses = ["gmail_signature", "moz-signature", "signature"];

    public static string Extract(string html) => Extract(html, null);

    public static string Extract(string html, QuoteContext? context)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (html.Length > MaxHtmlLength)
        {
            html = html[..MaxHtmlLength];
        }

        if (HtmlNesting.Estimate(html) > MaxNestingForDom)
        {
            return TextQuoteStripper.Extract(HtmlTextConverter.ToText(html), context);
        }

        var parser = new HtmlParser();
        using var document = parser.ParseDocument(html);
        var body = document.Body;
        if (body is null)
        {
            return string.Empty;
        }

        if (FindQuoteStart(body) is { } quote)
        {
            RemoveFrom(quote, body);
        }

        foreach (var signature in FindSignatures(body))
        {
            signature.Remove();
        }

        return TextQuoteStripper.Extract(HtmlTextConverter.ToText(body.OuterHtml), context);
    }

    private static IElement? FindQuoteStart(IElement body)
    {
        foreach (var element in body.Descendants<IElement>())
        {
            if (IsQuoteStart(element))
            {
                return element;
            }
        }

        return null;
    }

    private static bool IsQuoteStart(IElement element)
    {
        if (element.LocalName == "blockquote")
        {
            return true;
        }

        if (element.Id is { Length: > 0 } id && Array.Exists(QuoteIds, q => string.Equals(q, id, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        foreach (var name in QuoteClasses)
        {
            if (element.ClassList.Contains(name))
            {
                return true;
            }
        }

        // Outlook desktop without an id: <div style="border:none;border-top:solid #E1E1E1 1.0pt…"><p><b>From:</b> …
        return element.LocalName == "div"
            && element.GetAttribute("style") is { } style
            && style.Contains("border-top", StringComparison.OrdinalIgnoreCase)
            && QuoteMarkers.IsHeaderFrom(FirstLine(element.TextContent));
    }

    private static List<IElement> FindSignatures(IElement body)
    {
        var found = new List<IElement>();
        foreach (var element in body.Descendants<IElement>())
        {
            var isSignature = (element.Id is { Length: > 0 } id && Array.Exists(SignatureIds, s => string.Equals(s, id, StringComparison.Ordinal)))
                || Array.Exists(SignatureClasses, element.ClassList.Contains);
            if (isSignature && !found.Exists(f => f.Contains(element)))
            {
                found.Add(element);
            }
        }

        return found;
    }

    /// <summary>Removes <paramref name="start"/> and every node after it in document order, up to <paramref name="root"/>.</summary>
    private static void RemoveFrom(IElement start, IElement root)
    {
        INode node = start;
        while (node.Parent is { } parent && !ReferenceEquals(node, root))
        {
            while (node.NextSibling is { } next)
            {
                parent.RemoveChild(next);
            }

            node = parent;
        }

        start.Remove();
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        var end = trimmed.IndexOfAny('\n', '\r');
        return (end < 0 ? trimmed : trimmed[..end]).ToString();
    }
}
