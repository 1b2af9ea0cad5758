using System.Security.Cryptography;

namespace AckPoller.Core.Storage;

/// <summary>Token cache row versions. A new row starts at a random version and every write adds one, so a cache that
/// was deleted (sign-out) and written again (new sign-in) never comes back with a version an old reader still expects.</summary>
internal static class TokenCacheVersions
{
    public static long First() => RandomNumberGenerator.GetInt32(1, int.MaxValue) * 1024L;
}
