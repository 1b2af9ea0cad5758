namespace AckPoller.Mail.Pop3;

/// <summary>One line of a UIDL answer: a message number and the server's unique id for that message,
/// which stays the same across sessions (unlike the number).</summary>
public sealed record Pop3UidListing(int MessageNumber, string UniqueId);
