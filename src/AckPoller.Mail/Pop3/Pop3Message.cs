namespace AckPoller.Mail.Pop3;

/// <summary>A retrieved message: its number in this session and its bytes (dot-unstuffed, CRLF line ends).</summary>
public sealed record Pop3Message(int MessageNumber, byte[] Data);
