namespace AckPoller.Core.Replies;

/// <summary>Reads the command from the first word of a reply's new text, case-insensitively: ack/acknowledge(d),
/// unack, resolve(d)/close(d), snooze &lt;duration&gt;, note &lt;text&gt;. Punctuation may follow the word ("Ack!",
/// "ack - looking at it", "ACK, on it"); everything after the command (and its argument) is the comment. Text that does
/// not start with a command gives <see cref="ReplyCommand.None"/> with the whole text as comment: the recorder applies the
/// configured default.</summary>
public static class CommandParser
{
    private const string LeadingFormatting = "*_\"'“‘«`";
    private const string Separators = ".,;:!-–—…)]*_\"'”’»`";

    public static ParsedCommand Parse(string? newText)
    {
        var text = (newText ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            return new ParsedCommand(ReplyCommand.None, null, null);
        }

        var start = 0;
        while (start < text.Length && LeadingFormatting.Contains(text[start], StringComparison.Ordinal))
        {
            start++;
        }

        var end = start;
        while (end < text.Length && char.IsLetter(text[end]))
        {
            end++;
        }

        var command = Keyword(text.AsSpan(start, end - start));
        if (command == ReplyCommand.Ack && end + 1 < text.Length && text[end] is '\'' or '’' && text[end + 1] is 'd' or 'D')
        {
            end += 2; // "ack'd"
        }

        if (command == ReplyCommand.None || (end < text.Length && char.IsLetterOrDigit(text[end])))
        {
            return new ParsedCommand(ReplyCommand.None, null, text);
        }

        var rest = text[end..];
        return command switch
        {
            ReplyCommand.Snooze => Snooze(rest),
            ReplyCommand.Note => Comment(rest) is { } note
                ? new ParsedCommand(ReplyCommand.Note, null, note)
                : new ParsedCommand(ReplyCommand.Note, null, null, "note needs text after it, e.g. \"note restarted the service\""),
            _ => new ParsedCommand(command, null, Comment(rest)),
        };
    }

    private static ParsedCommand Snooze(string rest)
    {
        var afterWord = rest.TrimStart(' ', '\t', ':', '-', '–', '—', ',');
        return SnoozeArgument.TryParsePrefix(afterWord, out _, out var normalized, out var consumed)
            ? new ParsedCommand(ReplyCommand.Snooze, normalized, Comment(afterWord[consumed..]))
            : new ParsedCommand(ReplyCommand.Snooze, null, Comment(rest), "snooze needs a duration such as 30m, 2h or 1d");
    }

    private static string? Comment(string rest)
    {
        var start = 0;
        while (start < rest.Length && (char.IsWhiteSpace(rest[start]) || Separators.Contains(rest[start], StringComparison.Ordinal)))
        {
            start++;
        }

        var comment = rest[start..].Trim();
        return comment.Length == 0 ? null : comment;
    }

    private static ReplyCommand Keyword(ReadOnlySpan<char> word) => word.ToString().ToLowerInvariant() switch
    {
        "ack" or "acked" or "acknowledge" or "acknowledged" => ReplyCommand.Ack,
        "unack" or "unacked" or "unacknowledge" or "unacknowledged" => ReplyCommand.Unack,
        "resolve" or "resolved" or "close" or "closed" => ReplyCommand.Resolve,
        "snooze" => ReplyCommand.Snooze,
        "note" => ReplyCommand.Note,
        _ => ReplyCommand.None,
    };
}
