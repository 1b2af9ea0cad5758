namespace AckPoller.Core.Replies;

/// <summary>Reads the command from the first word of a reply's new text, case-insensitively: ack/acknowledge(d),
/// unack, resolve(d)/close(d), snooze &lt;duration&gt;, note &lt;text&gt;. Punctuation may follow the word ("Ack!",
/// "ack - looking at it", "ACK, on it"); everything after the command (and its argument) is the comment. Text that does
/// not start with a command gives <see cref="ReplyCommand.None"/> with the whole text as comment: the recorder applies the
/// configured default. Greeting lines before the command are passed over.</summary>
public static partial class CommandParser
{
    private const string LeadingFormatting = "*_\"'“‘«`";
    private const string Separators = ".,;:!-–—…)]*_\"'”’»`";

    /// <summary>At most this many greeting lines are passed over before the command.</summary>
    private const int MaxGreetingLines = 2;

    /// <summary>A greeting line is short: a greeting word and at most three words of address ("Hi team,", "Hello Jane
    /// and Bob!", "Thanks,").</summary>
    private const int MaxGreetingLength = 40;

    /// <summary>The command is the first word of the first line that is not a greeting ("Hi team," / "Hello," /
    /// "Thanks," on a line of its own). Without a command the whole text, greeting included, is the comment.</summary>
    public static ParsedCommand Parse(string? newText)
    {
        var text = (newText ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            return new ParsedCommand(ReplyCommand.None, null, null);
        }

        var lines = text.Split('\n');
        var index = 0;
        var greetings = 0;
        while (index < lines.Length)
        {
            if (string.IsNullOrWhiteSpace(lines[index]))
            {
                index++;
            }
            else if (greetings < MaxGreetingLines && IsGreeting(lines[index]))
            {
                greetings++;
                index++;
            }
            else
            {
                break;
            }
        }

        if (index >= lines.Length)
        {
            return new ParsedCommand(ReplyCommand.None, null, text);
        }

        var parsed = ParseFirstWord(index == 0 ? text : string.Join('\n', lines[index..]).Trim());
        return parsed.Command == ReplyCommand.None
            ? new ParsedCommand(ReplyCommand.None, null, text)
            : parsed with { Line = lines[index].Trim(), LineNumber = index + 1 };
    }

    /// <summary>A line that is only a greeting or a thanks, in the languages the quote markers know.</summary>
    public static bool IsGreeting(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length > MaxGreetingLength)
        {
            return false;
        }

        return Greeting().IsMatch(trimmed.TrimEnd(',', '!', '.', ':', ';', '…', '-', '–', '—', ' ', '\t', '，', '！', '。', '：', '、'));
    }

    private static ParsedCommand ParseFirstWord(string text)
    {

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

        // "Resolve?" asks; it does not command.
        if (command == ReplyCommand.None || (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '?' or '？')))
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

    [System.Text.RegularExpressions.GeneratedRegex(
        @"^(hi|hello|hey|hiya|dear|greetings|good\s+(morning|afternoon|evening|day)|morning|thanks|thank\s+you|many\s+thanks|thx|cheers|hallo|moin|servus|guten\s+(morgen|tag|abend)|liebe[rs]?|bonjour|salut|hola|buenos\s+d[ií]as|ciao|buongiorno|hej|hei|ol[aá]|ahoj|cze[sś][cć]|dzie[nń]\s+dobry|привет|здравствуйте|добрый\s+день|spasibo|спасибо|merci|danke|gracias|grazie|tack|obrigad[oa]|こんにちは|お疲れ様です|你好|您好|大家好|谢谢|안녕하세요)(\s+[\p{L}\p{M}][\p{L}\p{M}'’.-]*){0,3}$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Greeting();

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
