using System.Globalization;
using System.Text;
using Ours = AckPoller.Mail.Mime;
using Theirs = MimeKit;

namespace AckPoller.Mail.Differential.Tests;

/// <summary>The fields compared between the two parsers, each rendered to one normalised string: what a reader of the reply
/// (and the reply engine) sees. Whitespace is collapsed (folding, flowed line joins and line-end styles are not differences),
/// absent values are "(none)".</summary>
internal static class MessageFields
{
    public static readonly string[] Names =
        ["subject", "from", "to", "cc", "message_id", "in_reply_to", "references", "date", "leaf_parts", "attachments", "text_body", "html_body"];

    private const string None = "(none)";

    public static Dictionary<string, string> FromOurs(byte[] bytes)
    {
        var message = Ours.MimeParser.Parse(bytes);
        var plain = Ours.BodySelector.FindTextPart(message.Body, "plain") is null ? null : message.GetTextBody();
        return new Dictionary<string, string>
        {
            ["subject"] = Text(message.Subject),
            ["from"] = Addresses(message.From.Select(a => (a.DisplayName, a.Address))),
            ["to"] = Addresses(message.To.Select(a => (a.DisplayName, a.Address))),
            ["cc"] = Addresses(message.Cc.Select(a => (a.DisplayName, a.Address))),
            ["message_id"] = Text(message.MessageId),
            ["in_reply_to"] = Text(message.InReplyTo is [var first, ..] ? first : null),
            ["references"] = Text(string.Join(' ', message.References)),
            ["date"] = Date(message.Date),
            ["leaf_parts"] = CountLeaves(message.Body).ToString(CultureInfo.InvariantCulture),
            ["attachments"] = string.Join(" | ", message.Attachments.Select(a => a.FileName ?? None)),
            ["text_body"] = Text(plain),
            ["html_body"] = Text(message.GetHtmlBody()),
        };
    }

    public static Dictionary<string, string> FromMimeKit(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var message = Theirs.MimeMessage.Load(Theirs.ParserOptions.Default, stream);
        return new Dictionary<string, string>
        {
            ["subject"] = Text(message.Subject),
            ["from"] = Addresses(Mailboxes(message.From)),
            ["to"] = Addresses(Mailboxes(message.To)),
            ["cc"] = Addresses(Mailboxes(message.Cc)),
            ["message_id"] = Text(message.MessageId),
            ["in_reply_to"] = Text(message.InReplyTo),
            ["references"] = Text(string.Join(' ', message.References)),
            ["date"] = Date(message.Headers.Contains(Theirs.HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date : null),
            ["leaf_parts"] = message.BodyParts.Count().ToString(CultureInfo.InvariantCulture),
            ["attachments"] = string.Join(" | ", message.Attachments.Select(a => a.ContentDisposition?.FileName ?? a.ContentType.Name ?? None)),
            ["text_body"] = Text(message.TextBody),
            ["html_body"] = Text(message.HtmlBody),
        };
    }

    private static IEnumerable<(string? Name, string Address)> Mailboxes(Theirs.InternetAddressList list)
    {
        foreach (var address in list)
        {
            switch (address)
            {
                case Theirs.MailboxAddress mailbox:
                    yield return (mailbox.Name, mailbox.Address);
                    break;
                case Theirs.GroupAddress group:
                    foreach (var member in Mailboxes(group.Members))
                    {
                        yield return member;
                    }

                    break;
            }
        }
    }

    private static int CountLeaves(Ours.MimeEntity entity)
    {
        var count = 0;
        var stack = new Stack<Ours.MimeEntity>();
        stack.Push(entity);
        while (stack.Count > 0)
        {
            if (stack.Pop() is Ours.Multipart multipart)
            {
                foreach (var part in multipart.Parts)
                {
                    stack.Push(part);
                }
            }
            else
            {
                count++;
            }
        }

        return count;
    }

    private static string Addresses(IEnumerable<(string? Name, string Address)> addresses) =>
        string.Join(", ", addresses.Select(a => string.IsNullOrWhiteSpace(a.Name) ? $"<{a.Address}>" : $"{Collapse(a.Name)} <{a.Address}>"));

    private static string Date(DateTimeOffset? date) =>
        date is { } value ? value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : None;

    private static string Text(string? text) => string.IsNullOrEmpty(text) ? None : Collapse(text) is { Length: > 0 } collapsed ? collapsed : None;

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
