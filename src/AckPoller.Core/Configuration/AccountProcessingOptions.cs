namespace AckPoller.Core.Configuration;

/// <summary>Per account: what happens in the mailbox after a reply is processed, and what to do with mail that was there before the first run.</summary>
public sealed class AccountProcessingOptions
{
}
