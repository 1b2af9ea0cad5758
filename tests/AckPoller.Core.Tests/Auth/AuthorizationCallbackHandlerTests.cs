using System.Security.Cryptography;
using AckPoller.Core.Auth;
using AckPoller.Core.Auth.Msal;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Auth;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AuthorizationCallbackHandlerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("?code=abc")]
    [InlineData("?code=abc&state=forged")]
    [InlineData("?error=access_denied&state=forged")]
    public async Task A_callback_without_a_pending_state_of_ours_is_refused(string query)
    {
        await using var accounts = await AccountsAsync();
        await accounts.States.UpdateAsync("oncall", s => s with { Pending = new PendingAuthorization("the-real-state", [1, 2, 3]) }, default);
        var handler = new AuthorizationCallbackHandler(accounts, NullLogger<AuthorizationCallbackHandler>.Instance);

        var result = await handler.HandleAsync(AuthorizationCallback.FromQuery(query), default);

        Assert.False(result.Succeeded);
        Assert.Null(result.Account);
    }

    [Fact]
    public async Task An_error_for_our_state_is_reported_for_that_account_without_redeeming_anything()
    {
        await using var accounts = await AccountsAsync();
        await accounts.States.UpdateAsync("oncall", s => s with { Pending = new PendingAuthorization("the-real-state", [1, 2, 3]) }, default);
        var handler = new AuthorizationCallbackHandler(accounts, NullLogger<AuthorizationCallbackHandler>.Instance);

        var result = await handler.HandleAsync(
            AuthorizationCallback.FromQuery("?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent.&state=the-real-state"), default);

        Assert.False(result.Succeeded);
        Assert.Equal("oncall", result.Account);
        Assert.Contains("access_denied — AADSTS65004: User declined to consent.", result.Message);
    }

    [Fact]
    public void The_callback_never_shows_the_code()
    {
        var callback = AuthorizationCallback.FromQuery("?code=SECRET-CODE&state=s");
        Assert.Equal("SECRET-CODE", callback.Code);
        Assert.DoesNotContain("SECRET-CODE", callback.ToString());
    }

    private async Task<AccountAuthenticators> AccountsAsync()
    {
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions
        {
            Name = "oncall", Mailbox = "oncall@contoso.com", AuthKind = AccountAuthKind.DelegatedAuthorizationCode,
            TenantId = "t", ClientId = "c", RedirectUri = "https://x/oauth/callback",
        });
        var store = await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = _dir.File("cb.db") }, TimeProvider.System, NullLoggerFactory.Instance, default);
        return new AccountAuthenticators(options, store.AuthStates, store.TokenCaches, new MsalHttpClientFactory(), RandomNumberGenerator.GetBytes(32),
            TimeProvider.System, NullLoggerFactory.Instance);
    }
}
