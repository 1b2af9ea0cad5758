using System.Security.Cryptography;
using AckPoller.EntraStandIn.Tokens;

namespace AckPoller.EntraStandIn.Grants;

internal static class OpaqueValue
{
    /// <summary>A random URL-safe value with a recognisable prefix.</summary>
    public static string New(string prefix, int bytes = 32) => prefix + Base64Url.Encode(RandomNumberGenerator.GetBytes(bytes));
}
