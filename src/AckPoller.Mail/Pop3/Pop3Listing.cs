namespace AckPoller.Mail.Pop3;

/// <summary>One line of a LIST answer: a message number and its size in octets.</summary>
public sealed record Pop3Listing(int MessageNumber, long Size);
