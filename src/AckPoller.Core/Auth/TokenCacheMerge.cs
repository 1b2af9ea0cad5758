using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AckPoller.Core.Auth;

/// <summary>Merges two MSAL token caches (the JSON of SerializeMsalV3) when a write lost the race to another writer:
/// the stored cache and the one this writer wanted to save. Every entry of either side is kept; when both sides hold
/// the same entry (same key: same account, client and, for access tokens, scopes), the newer one wins, so a rotated
/// refresh token is never replaced by the one it rotated.
/// <list type="bullet">
/// <item>Entries with <c>cached_at</c> on both sides (access tokens): the larger wins.</item>
/// <item>Other entries (refresh tokens, id tokens, accounts): the side that holds the newer access token of that entry's
/// account (<c>home_account_id</c>) wins, because every refresh token arrives with an access token in the same answer.</item>
/// <item>A tie, or nothing to compare: this writer's entry wins (it was written after the stored one was read).</item>
/// </list></summary>
internal static class TokenCacheMerge
{
    private const string AccessTokens = "AccessToken";

    public static byte[] Merge(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> ours)
    {
        var theirs = Parse(stored);
        var mine = Parse(ours);
        if (theirs is null)
        {
            return ours.ToArray();
        }

        if (mine is null)
        {
            return stored.ToArray();
        }

        var merged = (JsonObject)theirs.DeepClone();
        foreach (var (sectionName, sectionNode) in mine)
        {
            if (sectionNode is not JsonObject section)
            {
                merged[sectionName] = sectionNode?.DeepClone();
                continue;
            }

            if (merged[sectionName] is not JsonObject target)
            {
                merged[sectionName] = section.DeepClone();
                continue;
            }

            foreach (var (key, entry) in section)
            {
                if (entry is null)
                {
                    continue;
                }

                if (target[key] is not JsonObject existing || entry is not JsonObject candidate || !StoredIsNewer(existing, candidate, theirs, mine))
                {
                    target[key] = entry.DeepClone();
                }
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(merged);
    }

    private static bool StoredIsNewer(JsonObject stored, JsonObject ours, JsonObject storedCache, JsonObject ourCache)
    {
        if (Seconds(stored, "cached_at") is { } storedAt && Seconds(ours, "cached_at") is { } ourAt)
        {
            return storedAt > ourAt;
        }

        var account = Text(stored, "home_account_id") ?? Text(ours, "home_account_id");
        return Freshness(storedCache, account) > Freshness(ourCache, account);
    }

    /// <summary>When this cache last got an access token for <paramref name="homeAccountId"/> (any, when null).</summary>
    private static long Freshness(JsonObject cache, string? homeAccountId)
    {
        long newest = 0;
        if (cache[AccessTokens] is JsonObject tokens)
        {
            foreach (var (_, node) in tokens)
            {
                if (node is JsonObject token
                    && (homeAccountId is null || string.Equals(Text(token, "home_account_id"), homeAccountId, StringComparison.Ordinal))
                    && Seconds(token, "cached_at") is { } at)
                {
                    newest = Math.Max(newest, at);
                }
            }
        }

        return newest;
    }

    private static string? Text(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>MSAL writes times as strings of Unix seconds; numbers are accepted too.</summary>
    private static long? Seconds(JsonObject entry, string name) =>
        entry[name] is JsonValue value
            ? value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : value.TryGetValue<long>(out var number) ? number
            : null
            : null;

    private static JsonObject? Parse(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
