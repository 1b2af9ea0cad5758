using System.Globalization;
using System.Net;
using System.Text;
using AckPoller.Mail.Mime;

namespace AckPoller.Integration.Tests.EndToEnd;

/// <summary>A reply as a mail client would write it to a received alert: the new text on top, the alert (with its
/// footer naming "ack" and "resolve") quoted underneath in that client's style.</summary>
internal sealed record ComposedReply(string Style, string MessageId, byte[] Bytes);

/// <summary>Replies composed the way Outlook, Gmail, Apple Mail, a phone, a plain-text client and an HTML-only client
/// write them: threading headers, the quote marker each uses, and the quoted alert including its footer.</summary>
internal static class ReplyStyles
{
    public static readonly string[] All = ["outlook", "outlook-original", "gmail", "apple", "iphone", "plain", "html-only"];

    public static ComposedReply Compose(string style, MimeMessage alert, string fromAddress, string fromName, string to, string newText)
    {
        var messageId = $"{Guid.NewGuid():N}.{style}@client.sandbox.test";
        var alertFrom = alert.From[0];
        var alertText = (alert.GetTextBody() ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        var date = alert.Date ?? DateTimeOffset.UtcNow;
        var quoted = string.Join("\r\n", alertText.Split('\n').Select(l => "> " + l));
        var headers = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"From: {fromName} <{fromAddress}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <{to}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Subject: {(style.StartsWith("outlook", StringComparison.Ordinal) ? "RE: " : "Re: ")}{alert.Subject}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Message-ID: <{messageId}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"In-Reply-To: <{alert.MessageId}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"References: <{alert.MessageId}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)} +0000\r\n")
            .Append("MIME-Version: 1.0\r\n");
        var html = WebUtility.HtmlEncode(alertText).Replace("\n", "<br>\r\n", StringComparison.Ordinal);
        var newHtml = WebUtility.HtmlEncode(newText);
        var when = date.UtcDateTime.ToString("ddd, MMM d, yyyy 'at' h:mm tt", CultureInfo.InvariantCulture);
        string body = style switch
        {
            "outlook" => Alternative(headers,
                $"{newText}\r\n\r\nFrom: {alertFrom.DisplayName} <{alertFrom.Address}>\r\nSent: {date.UtcDateTime.ToString("dddd, MMMM d, yyyy h:mm tt", CultureInfo.InvariantCulture)}\r\nTo: {to}\r\nSubject: {alert.Subject}\r\n\r\n{alertText}\r\n",
                $"<html><body><div>{newHtml}</div><div id=\"divRplyFwdMsg\"><b>From:</b> {WebUtility.HtmlEncode(alertFrom.Address)}<br><b>Sent:</b> {when}<br><b>Subject:</b> {WebUtility.HtmlEncode(alert.Subject)}</div><div>{html}</div></body></html>"),
            "outlook-original" => Plain(headers,
                $"{newText}\r\n\r\n-----Original Message-----\r\nFrom: {alertFrom.Address}\r\nSent: {when}\r\nTo: {to}\r\nSubject: {alert.Subject}\r\n\r\n{alertText}\r\n"),
            "gmail" => Alternative(headers,
                $"{newText}\r\n\r\nOn {when} {alertFrom.DisplayName} <{alertFrom.Address}> wrote:\r\n\r\n{quoted}\r\n",
                $"<div dir=\"ltr\">{newHtml}</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">On {when} {WebUtility.HtmlEncode(alertFrom.Address)} wrote:<br></div><blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex\">{html}</blockquote></div>"),
            "apple" => Plain(headers,
                $"{newText}\r\n\r\n> On {date.UtcDateTime.ToString("d MMM yyyy, 'at' HH:mm", CultureInfo.InvariantCulture)}, {alertFrom.DisplayName} <{alertFrom.Address}> wrote:\r\n> \r\n{quoted}\r\n"),
            "iphone" => Plain(headers,
                $"{newText}\r\n\r\nSent from my iPhone\r\n\r\n> On {when}, {alertFrom.DisplayName} <{alertFrom.Address}> wrote:\r\n> \r\n{quoted}\r\n"),
            "plain" => Plain(headers, $"{newText}\r\n\r\n{quoted}\r\n"),
            "html-only" => headers.Append("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
                .Append(CultureInfo.InvariantCulture, $"<html><body><p>{newHtml}</p><blockquote type=\"cite\">{html}</blockquote></body></html>\r\n").ToString(),
            _ => throw new ArgumentOutOfRangeException(nameof(style)),
        };
        return new ComposedReply(style, messageId, Encoding.UTF8.GetBytes(body));
    }

    private static string Plain(StringBuilder headers, string text) =>
        headers.Append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").Append(text).ToString();

    private static string Alternative(StringBuilder headers, string text, string html)
    {
        var boundary = "b_" + Guid.NewGuid().ToString("N");
        return headers.Append(CultureInfo.InvariantCulture, $"Content-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{html}\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{boundary}--\r\n").ToString();
    }
}
