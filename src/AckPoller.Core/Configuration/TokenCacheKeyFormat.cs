namespace AckPoller.Core.Configuration;

/// <summary>The token cache key is 32 random bytes written as base64.</summary>
public static class TokenCacheKeyFormat
{
    public const int KeyLength = 32;

    public static bool TryDecode(string text, out byte[] key)
    {
        key = [];
        var buffer = new byte[64];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written) || written != KeyLength)
        {
            return false;
        }

        key = buffer[..KeyLength];
        return true;
    }
}
