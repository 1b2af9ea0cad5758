namespace AckPoller.Core.Replies;

/// <summary>The command read from a reply's new text. <see cref="Problem"/> says what was wrong with a recognised command
/// (a snooze without a duration, an empty note); the recorder decides what to do about it.</summary>
public sealed record ParsedCommand(ReplyCommand Command, string? Argument, string? Comment, string? Problem = null)
{
    /// <summary>The line of the new text the command was read from (after any greeting lines), trimmed; null without a command.</summary>
    public string? Line { get; init; }

    /// <summary>That line's number in the new text, from 1; null without a command.</summary>
    public int? LineNumber { get; init; }
}
