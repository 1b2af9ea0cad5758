using System.Text;

namespace AckPoller.Integration.Tests.Sandbox;

/// <summary>Base64 SASL initial responses, built by hand so these tests do not depend on the project's SASL code.</summary>
internal static class SaslStrings
{
    public static string XOAuth2(string user, string token) => Encode($"user={user}\u0001auth=Bearer {token}\u0001\u0001");

    public static string OAuthBearer(string user, string token, string host, int port) =>
        Encode($"n,a={user},\u0001host={host}\u0001port={port}\u0001auth=Bearer {token}\u0001\u0001");

    public static string Plain(string user, string password) => Encode($"\0{user}\0{password}");

    public static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
