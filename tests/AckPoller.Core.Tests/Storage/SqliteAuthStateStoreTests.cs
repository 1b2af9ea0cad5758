using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Storage;

public sealed class SqliteAuthStateStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Saved_state_reads_back_field_for_field_and_updates_in_place()
    {
        var store = await OpenAsync();
        var now = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);
        var status = new AccountAuthStatus
        {
            Account = "oncall",
            State = AuthState.ReauthRequired,
            Reason = "Sign in again",
            ErrorCode = "AADSTS700082",
            Challenge = new SignInChallenge { UserCode = "ABCD-1234", VerificationUrl = new Uri("https://microsoft.com/devicelogin"), ExpiresAt = now.AddMinutes(15) },
            Pending = new PendingAuthorization("state-value", [1, 2, 3]),
            HomeAccountId = "uid.utid",
            LastRefreshAt = now.AddDays(-1),
            Since = now,
            UpdatedAt = now,
        };

        await store.AuthStates.SaveAsync(status, default);
        Assert.Equal(status with { Challenge = status.Challenge, Pending = null }, (await store.AuthStates.GetAsync("oncall", default))! with { Pending = null });
        var read = await store.AuthStates.GetAsync("oncall", default);
        Assert.Equal([1, 2, 3], read!.Pending!.EncryptedCodeVerifier);
        Assert.Equal("state-value", read.Pending.RequestState);

        await store.AuthStates.SaveAsync(status with { State = AuthState.Authorized, Challenge = null, Pending = null }, default);
        var all = await store.AuthStates.GetAllAsync(default);
        Assert.Single(all);
        Assert.Equal(AuthState.Authorized, all[0].State);
        Assert.Null(all[0].Challenge);
        Assert.Null(all[0].Pending);
    }

    [Fact]
    public async Task Token_cache_blobs_are_kept_per_account_and_kind()
    {
        var store = await OpenAsync();
        await store.TokenCaches.SaveAsync("a", "user", [1], default);
        await store.TokenCaches.SaveAsync("a", "user", [2], default);
        await store.TokenCaches.SaveAsync("a", "app", [3], default);
        await store.TokenCaches.SaveAsync("b", "user", [4], default);

        Assert.Equal([2], await store.TokenCaches.LoadAsync("a", "user", default));
        Assert.Equal([3], await store.TokenCaches.LoadAsync("a", "app", default));

        await store.TokenCaches.DeleteAsync("a", default);
        Assert.Null(await store.TokenCaches.LoadAsync("a", "user", default));
        Assert.Equal([4], await store.TokenCaches.LoadAsync("b", "user", default));
    }

    private Task<SqliteStore> OpenAsync() =>
        SqliteStore.OpenAsync(new StorageOptions { DatabasePath = _dir.File("store.db") }, TimeProvider.System, NullLoggerFactory.Instance, default);
}
