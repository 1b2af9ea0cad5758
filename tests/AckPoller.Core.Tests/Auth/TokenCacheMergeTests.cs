using System.Text;
using System.Text.Json.Nodes;
using AckPoller.Core.Auth;

namespace AckPoller.Core.Tests.Auth;

/// <summary>The merge a token cache write falls back to when another writer (another node) saved the cache since it was
/// read: both sides' entries kept, the newer token of each entry wins, so a rotated refresh token is never lost.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class TokenCacheMergeTests
{
    private const string Home = "uid.utid";
    private const string AtKey = "uid.utid-login.microsoftonline.com-accesstoken-client-utid-https://outlook.office.com/imap.accessasuser.all";
    private const string RtKey = "uid.utid-login.microsoftonline.com-refreshtoken-client--";

    [Fact]
    public void The_side_with_the_newer_access_token_keeps_its_refresh_token_whichever_side_writes()
    {
        var older = Cache(Home, accessToken: "at-1", cachedAt: 1000, refreshToken: "rt-1");
        var newer = Cache(Home, accessToken: "at-2", cachedAt: 2000, refreshToken: "rt-2");

        // A writer holding the older cache lost the race to the one that rotated the refresh token...
        var kept = Parse(TokenCacheMerge.Merge(stored: newer, ours: older));
        Assert.Equal("rt-2", Secret(kept, "RefreshToken", RtKey));
        Assert.Equal("at-2", Secret(kept, "AccessToken", AtKey));

        // ...and a writer that rotated it after the stored one was written wins.
        var replaced = Parse(TokenCacheMerge.Merge(stored: older, ours: newer));
        Assert.Equal("rt-2", Secret(replaced, "RefreshToken", RtKey));
        Assert.Equal("at-2", Secret(replaced, "AccessToken", AtKey));
    }

    [Fact]
    public void Entries_only_one_side_has_are_kept_and_other_accounts_are_compared_on_their_own()
    {
        var stored = Parse(Cache(Home, accessToken: "at-a2", cachedAt: 2000, refreshToken: "rt-a2"));
        var ours = Parse(Cache(Home, accessToken: "at-a1", cachedAt: 1000, refreshToken: "rt-a1"));
        var other = Parse(Cache("other.utid", accessToken: "at-b", cachedAt: 500, refreshToken: "rt-b"));
        foreach (var (section, node) in other)
        {
            foreach (var (key, entry) in (JsonObject)node!)
            {
                ((JsonObject)ours[section]!)[key] = entry!.DeepClone();
            }
        }

        var merged = Parse(TokenCacheMerge.Merge(Bytes(stored), Bytes(ours)));

        Assert.Equal("rt-a2", Secret(merged, "RefreshToken", RtKey));
        Assert.Equal("rt-b", Secret(merged, "RefreshToken", "other.utid-login.microsoftonline.com-refreshtoken-client--"));
        Assert.Equal(2, ((JsonObject)merged["Account"]!).Count);
        Assert.Equal(2, ((JsonObject)merged["AccessToken"]!).Count);
    }

    [Fact]
    public void On_a_tie_or_with_nothing_to_compare_the_writer_wins()
    {
        var stored = Cache(Home, accessToken: "at-s", cachedAt: 1000, refreshToken: "rt-s");
        var ours = Cache(Home, accessToken: "at-o", cachedAt: 1000, refreshToken: "rt-o");
        var merged = Parse(TokenCacheMerge.Merge(stored, ours));
        Assert.Equal("rt-o", Secret(merged, "RefreshToken", RtKey));
        Assert.Equal("at-o", Secret(merged, "AccessToken", AtKey));

        var unreadable = Encoding.UTF8.GetBytes("not json");
        Assert.Equal(ours, TokenCacheMerge.Merge(unreadable, ours));
        Assert.Equal(ours, TokenCacheMerge.Merge([], ours));
    }

    private static byte[] Cache(string home, string accessToken, long cachedAt, string refreshToken) => Bytes(new JsonObject
    {
        ["Account"] = new JsonObject
        {
            [$"{home}-login.microsoftonline.com-utid"] = new JsonObject { ["home_account_id"] = home, ["environment"] = "login.microsoftonline.com", ["realm"] = "utid", ["username"] = "oncall@example.com" },
        },
        ["AccessToken"] = new JsonObject
        {
            [AtKey.Replace(Home, home, StringComparison.Ordinal)] = new JsonObject
            {
                ["home_account_id"] = home, ["environment"] = "login.microsoftonline.com", ["client_id"] = "client", ["secret"] = accessToken,
                ["credential_type"] = "AccessToken", ["realm"] = "utid", ["target"] = "https://outlook.office.com/IMAP.AccessAsUser.All",
                ["cached_at"] = cachedAt.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["expires_on"] = (cachedAt + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        },
        ["RefreshToken"] = new JsonObject
        {
            [RtKey.Replace(Home, home, StringComparison.Ordinal)] = new JsonObject
            {
                ["home_account_id"] = home, ["environment"] = "login.microsoftonline.com", ["client_id"] = "client", ["secret"] = refreshToken, ["credential_type"] = "RefreshToken",
            },
        },
        ["AppMetadata"] = new JsonObject { ["appmetadata-login.microsoftonline.com-client"] = new JsonObject { ["environment"] = "login.microsoftonline.com", ["client_id"] = "client" } },
    });

    private static byte[] Bytes(JsonObject json) => Encoding.UTF8.GetBytes(json.ToJsonString());

    private static JsonObject Parse(byte[] json) => (JsonObject)JsonNode.Parse(json)!;

    private static string? Secret(JsonObject cache, string section, string key) => cache[section]?[key]?["secret"]?.GetValue<string>();
}
