using AckPoller.Core.Auth;

namespace AckPoller.Core.Jobs;

/// <summary>An account's polling is paused (or still is, for a reminder) because of its auth state.</summary>
public sealed class AccountPausedEventArgs : EventArgs
{
    public AccountPausedEventArgs(AccountAuthStatus status, bool isReminder)
    {
        Status = status;
        IsReminder = isReminder;
    }

    public AccountAuthStatus Status { get; }

    /// <summary>False when the account just entered the state (or got a new sign-in challenge); true for a periodic reminder.</summary>
    public bool IsReminder { get; }

    public string Account => Status.Account;
}
