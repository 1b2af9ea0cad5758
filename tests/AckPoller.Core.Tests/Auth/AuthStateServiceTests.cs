using AckPoller.Core.Auth;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Auth;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AuthStateServiceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_state_change_is_persisted_then_raised_once()
    {
        using var service = await CreateAsync();
        var events = new List<AuthStateChangedEventArgs>();
        service.StateChanged += (_, e) => events.Add(e);

        await service.UpdateAsync("oncall", s => s with { State = AuthState.Authorized }, default);
        _time.Advance(TimeSpan.FromMinutes(5));
        await service.UpdateAsync("oncall", s => s with { State = AuthState.Authorized, LastRefreshAt = _time.GetUtcNow() }, default);
        await service.UpdateAsync("oncall", s => s with { State = AuthState.ReauthRequired, Reason = "AADSTS700082", ErrorCode = "AADSTS700082" }, default);

        Assert.Equal(2, events.Count);
        Assert.Equal((AuthState.Unconfigured, AuthState.Authorized), (events[0].Previous, events[0].Current.State));
        Assert.Equal((AuthState.Authorized, AuthState.ReauthRequired), (events[1].Previous, events[1].Current.State));
        var stored = await service.GetAsync("oncall", default);
        Assert.Equal(AuthState.ReauthRequired, stored.State);
        Assert.Equal(_time.GetUtcNow(), stored.Since);
    }

    [Fact]
    public async Task Since_stays_at_the_moment_the_state_was_entered()
    {
        using var service = await CreateAsync();
        var entered = _time.GetUtcNow();
        await service.UpdateAsync("a", s => s with { State = AuthState.CredentialInvalid }, default);
        _time.Advance(TimeSpan.FromHours(3));
        var later = await service.UpdateAsync("a", s => s with { State = AuthState.CredentialInvalid, Reason = "still" }, default);

        Assert.Equal(entered, later.Since);
        Assert.Equal(_time.GetUtcNow(), later.UpdatedAt);
    }

    [Fact]
    public async Task A_renewed_sign_in_challenge_is_announced_even_without_a_state_change()
    {
        using var service = await CreateAsync();
        await service.UpdateAsync("a", s => s with { State = AuthState.ReauthRequired, Challenge = new SignInChallenge { UserCode = "AAA" } }, default);
        var events = new List<AuthStateChangedEventArgs>();
        service.StateChanged += (_, e) => events.Add(e);

        await service.UpdateAsync("a", s => s with { Challenge = new SignInChallenge { UserCode = "BBB" } }, default);

        Assert.Equal("BBB", Assert.Single(events).Current.Challenge!.UserCode);
    }

    [Fact]
    public async Task A_failing_subscriber_does_not_stop_the_others_or_the_change()
    {
        using var service = await CreateAsync();
        var seen = false;
        service.StateChanged += (_, _) => throw new InvalidOperationException("subscriber bug");
        service.StateChanged += (_, _) => seen = true;

        await service.UpdateAsync("a", s => s with { State = AuthState.Authorized }, default);

        Assert.True(seen);
        Assert.Equal(AuthState.Authorized, (await service.GetAsync("a", default)).State);
    }

    [Fact]
    public async Task Changes_made_by_another_process_are_announced_on_reconcile()
    {
        using var worker = await CreateAsync();
        using var cli = await CreateAsync();
        await worker.UpdateAsync("a", s => s with { State = AuthState.ReauthRequired }, default);
        var events = new List<AuthStateChangedEventArgs>();
        worker.StateChanged += (_, e) => events.Add(e);

        await cli.UpdateAsync("a", s => s with { State = AuthState.Authorized }, default);
        await worker.ReconcileAsync(default);
        await worker.ReconcileAsync(default);

        var change = Assert.Single(events);
        Assert.Equal((AuthState.ReauthRequired, AuthState.Authorized), (change.Previous, change.Current.State));
    }

    private async Task<AuthStateService> CreateAsync()
    {
        var store = await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = _dir.File("state.db") }, _time, NullLoggerFactory.Instance, default);
        return new AuthStateService(store.AuthStates, _time, NullLogger<AuthStateService>.Instance);
    }
}
