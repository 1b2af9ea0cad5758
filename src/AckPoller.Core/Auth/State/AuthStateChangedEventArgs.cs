namespace AckPoller.Core.Auth.State;

/// <summary>An account moved from one auth state to another (or its sign-in challenge was renewed).</summary>
public sealed class AuthStateChangedEventArgs : EventArgs
{
    public AuthStateChangedEventArgs(AuthState previous, AccountAuthStatus current)
    {
        Previous = previous;
        Current = current;
    }

    public AuthState Previous { get; }

    public AccountAuthStatus Current { get; }

    public string Account => Current.Account;
}
