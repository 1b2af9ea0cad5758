namespace AckPoller.Core.Replies;

/// <summary>The command read from a reply's new text. <see cref="Problem"/> says what was wrong with a recognised command
/// (a snooze without a duration, an empty note); the recorder decides what to do about it.</summary>
public sealed record ParsedCommand(ReplyCommand Command, string? Argument, string? Comment, string? Problem = null);
