using System.Security.Cryptography;
using System.Text;

namespace AckPoller.EntraStandIn.Tokens;

/// <summary>Stable object ids derived from names, so a user keeps the same uid (and MSAL account) across restarts.</summary>
public static class SandboxIdentity
{
    public static string UserObjectId(string address) => Derive("user:" + address.ToLowerInvariant());

    public static string ServicePrincipalId(string clientId) => Derive("sp:" + clientId.ToLowerInvariant());

    /// <summary>The pairwise "sub" Entra gives each app for a user.</summary>
    public static string PairwiseSubject(string clientId, string address) =>
        Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(clientId.ToLowerInvariant() + "|" + address.ToLowerInvariant())).AsSpan(0, 24));

    private static string Derive(string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
