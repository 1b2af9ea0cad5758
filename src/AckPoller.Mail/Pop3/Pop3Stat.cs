namespace AckPoller.Mail.Pop3;

/// <summary>The STAT answer: how many messages the maildrop holds and their total size in octets.</summary>
public sealed record Pop3Stat(int Count, long TotalSize);
