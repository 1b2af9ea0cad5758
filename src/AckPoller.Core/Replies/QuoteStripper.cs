using AckPoller.Mail.Mime;

namespace AckPoller.Core.Replies;

/// <summary>Extracts what the responder wrote, above the quoted alert and without the signature: from the text/plain
/// body when there is one with content, else from the HTML body (pruned as HTML before it becomes text). The alert's
/// footer, quoted in most replies, is below the quote marker and so never part of the result.</summary>
public static class QuoteStripper
{
    public static string Extract(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var context = QuoteContext.From(message);
        // Only the top of a body is read (the strippers cut longer text anyway), and only that much is decoded: a 15 MB
        // body is not turned into a 30 MB string to keep its first 256 K characters.
        if (HasPlainText(message.Body, 0) && message.GetTextBody(TextQuoteStripper.MaxTextLength) is { } text && !string.IsNullOrWhiteSpace(text))
        {
            return TextQuoteStripper.Extract(text, context);
        }

        return message.GetHtmlBody(HtmlQuoteStripper.MaxHtmlLength) is { } html ? HtmlQuoteStripper.Extract(html, context) : string.Empty;
    }

    /// <summary>The new text of a plain-text body.</summary>
    public static string ExtractFromText(string text) => TextQuoteStripper.Extract(text);

    /// <summary>The new text of an HTML body.</summary>
    public static string ExtractFromHtml(string html) => HtmlQuoteStripper.Extract(html);

    private static bool HasPlainText(MimeEntity entity, int depth) => entity switch
    {
        MimePart part => part.ContentType.Is("text", "plain") && !part.IsAttachment,
        Multipart multipart when depth < 100 => multipart.Parts.Any(p => HasPlainText(p, depth + 1)),
        _ => false,
    };
}
