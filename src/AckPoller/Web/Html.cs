using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace AckPoller.Web;

/// <summary>HTML output helpers. Everything that did not come from this file's own literals goes through
/// <see cref="Encode"/>: ack comments, subjects and reasons come from email, and anyone can send email.</summary>
internal static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => string.IsNullOrEmpty(text) ? string.Empty : Encoder.Encode(text);

    public static string Time(DateTimeOffset? value) =>
        value is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "—";

    /// <summary>A whole page: the stylesheet from this server (no inline style or script, so the CSP can forbid both).</summary>
    public static string Document(string title, string body, int? refreshSeconds = null)
    {
        var refresh = refreshSeconds is { } seconds ? $"<meta http-equiv=\"refresh\" content=\"{seconds.ToString(CultureInfo.InvariantCulture)}\">\n" : string.Empty;
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            {refresh}<title>{Encode(title)}</title>
            <link rel="stylesheet" href="{StatusPageStyles.Path}">
            </head>
            <body>
            {body}
            </body>
            </html>
            """;
    }
}
