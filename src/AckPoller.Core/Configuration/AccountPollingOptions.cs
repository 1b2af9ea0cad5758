namespace AckPoller.Core.Configuration;

/// <summary>Per account: poll interval or cron, and IMAP IDLE.</summary>
public sealed class AccountPollingOptions
{
}
