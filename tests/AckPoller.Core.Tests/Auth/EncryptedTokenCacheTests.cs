using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AckPoller.Core.Auth.TokenCache;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Identity.Client;

namespace AckPoller.Core.Tests.Auth;

/// <summary>The MSAL cache binding's write: it replaces only the version MSAL loaded; when another writer (another node)
/// saved meanwhile, it merges instead of overwriting, so the other's rotated refresh token survives.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class EncryptedTokenCacheTests : IAsyncLifetime, IDisposable
{
    private const string Account = "oncall";
    private const string Home = "uid.utid";
    private const string RtKey = "uid.utid-login.microsoftonline.com-refreshtoken-client--";

    private readonly TempDirectory _dir = new();
    private readonly TokenCacheCipher _cipher = new(RandomNumberGenerator.GetBytes(32));
    private SqliteStore _store = null!;

    public async Task InitializeAsync() =>
        _store = await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = _dir.File("cache.db") }, new ManualTimeProvider(), NullLoggerFactory.Instance, default);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _cipher.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_write_after_another_writers_rotation_keeps_the_rotated_refresh_token()
    {
        await SaveAsync(Cache("rt-1", "at-1", cachedAt: 1000));
        var binding = new EncryptedTokenCache(Account, EncryptedTokenCache.UserCache, _store.TokenCaches, _cipher, NullLogger.Instance);
        var msal = new FakeSerializer();
        var request = Guid.NewGuid();
        await binding.BeforeAccessAsync(Args(msal, request, changed: false));
        Assert.Equal("rt-1", RefreshToken(msal.Content!));

        // Another node rotates the refresh token while this request runs...
        var read = (await _store.TokenCaches.LoadVersionedAsync(Account, EncryptedTokenCache.UserCache, default))!;
        Assert.True(await _store.TokenCaches.TrySaveAsync(Account, EncryptedTokenCache.UserCache, _cipher.Encrypt(Cache("rt-2", "at-2", cachedAt: 2000), Aad), read.Version, default));

        // ...then this request writes what it changed on top of the cache it had loaded (rt-1, plus an entry of its own).
        var ours = JsonNode.Parse(Cache("rt-1", "at-1", cachedAt: 1000))!.AsObject();
        ours["AppMetadata"]!.AsObject()["appmetadata-login.microsoftonline.com-other"] = new JsonObject { ["client_id"] = "other" };
        msal.Content = Encoding.UTF8.GetBytes(ours.ToJsonString());
        await binding.AfterAccessAsync(Args(msal, request, changed: true));

        var stored = await LoadAsync();
        Assert.Equal("rt-2", RefreshToken(stored));
        Assert.NotNull(JsonNode.Parse(stored)!["AppMetadata"]!["appmetadata-login.microsoftonline.com-other"]);
    }

    [Fact]
    public async Task A_write_with_no_conflict_replaces_the_cache_and_a_cache_deleted_meanwhile_stays_deleted()
    {
        var binding = new EncryptedTokenCache(Account, EncryptedTokenCache.UserCache, _store.TokenCaches, _cipher, NullLogger.Instance);
        var msal = new FakeSerializer();

        var first = Guid.NewGuid();
        await binding.BeforeAccessAsync(Args(msal, first, changed: false));
        Assert.Null(msal.Content);
        msal.Content = Cache("rt-1", "at-1", cachedAt: 1000);
        await binding.AfterAccessAsync(Args(msal, first, changed: true));
        Assert.Equal("rt-1", RefreshToken(await LoadAsync()));

        var second = Guid.NewGuid();
        await binding.BeforeAccessAsync(Args(msal, second, changed: false));
        msal.Content = Cache("rt-2", "at-2", cachedAt: 2000);
        await binding.AfterAccessAsync(Args(msal, second, changed: true));
        Assert.Equal("rt-2", RefreshToken(await LoadAsync()));

        var third = Guid.NewGuid();
        await binding.BeforeAccessAsync(Args(msal, third, changed: false));
        await _store.TokenCaches.DeleteAsync(Account, default);
        msal.Content = Cache("rt-3", "at-3", cachedAt: 3000);
        await binding.AfterAccessAsync(Args(msal, third, changed: true));
        Assert.Null(await _store.TokenCaches.LoadAsync(Account, EncryptedTokenCache.UserCache, default));
    }

    private static string Aad => $"ackpoller-token-cache:{EncryptedTokenCache.UserCache}:{Account}";

    private async Task SaveAsync(byte[] plaintext) =>
        await _store.TokenCaches.SaveAsync(Account, EncryptedTokenCache.UserCache, _cipher.Encrypt(plaintext, Aad), default);

    private async Task<byte[]> LoadAsync() =>
        _cipher.Decrypt((await _store.TokenCaches.LoadAsync(Account, EncryptedTokenCache.UserCache, default))!, Aad);

    private static TokenCacheNotificationArgs Args(FakeSerializer cache, Guid correlation, bool changed) =>
        new(cache, "client", null, changed, false, Account, true, null, default, correlation);

    private static string? RefreshToken(byte[] cache) => JsonNode.Parse(cache)?["RefreshToken"]?[RtKey]?["secret"]?.GetValue<string>();

    private static byte[] Cache(string refreshToken, string accessToken, long cachedAt) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["AccessToken"] = new JsonObject
        {
            ["uid.utid-login.microsoftonline.com-accesstoken-client-utid-imap"] = new JsonObject
            {
                ["home_account_id"] = Home, ["client_id"] = "client", ["secret"] = accessToken, ["credential_type"] = "AccessToken",
                ["cached_at"] = cachedAt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        },
        ["RefreshToken"] = new JsonObject
        {
            [RtKey] = new JsonObject { ["home_account_id"] = Home, ["client_id"] = "client", ["secret"] = refreshToken, ["credential_type"] = "RefreshToken" },
        },
        ["AppMetadata"] = new JsonObject { ["appmetadata-login.microsoftonline.com-client"] = new JsonObject { ["client_id"] = "client" } },
    }.ToJsonString());

    /// <summary>MSAL's in-memory cache, reduced to its MSAL v3 bytes.</summary>
    private sealed class FakeSerializer : ITokenCacheSerializer
    {
        public byte[]? Content { get; set; }

        public byte[] SerializeMsalV3() => (byte[])Content!.Clone();

        public void DeserializeMsalV3(byte[] msalV3State, bool shouldClearExistingCache = false) => Content = msalV3State is null ? null : (byte[])msalV3State.Clone();

        public byte[] SerializeAdalV3() => throw new NotSupportedException();

        public void DeserializeAdalV3(byte[] adalV3State) => throw new NotSupportedException();

        public byte[] SerializeMsalV2() => throw new NotSupportedException();

        public void DeserializeMsalV2(byte[] msalV2State) => throw new NotSupportedException();
    }
}
