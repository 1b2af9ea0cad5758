using System.Security.Cryptography;
using System.Text;

namespace AckPoller.Core.Auth.TokenCache;

/// <summary>AES-256-GCM for token caches at rest. Layout: version byte (1) | nonce (12) | tag (16) | ciphertext.
/// A fresh random nonce per write; the account name (and purpose) is associated data, so a blob copied to another
/// account's row does not decrypt. Thread-safe: AesGcm is not, so its calls are serialized (IDLE and polls fetch tokens at once).</summary>
public sealed class TokenCacheCipher : IDisposable
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly AesGcm _aes;
    private readonly Lock _lock = new();

    public TokenCacheCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("The token cache key must be 32 bytes (AES-256).", nameof(key));
        }

        _aes = new AesGcm(key, TagSize);
    }

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        lock (_lock)
        {
            _aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(associatedData));
        }

        return output;
    }

    /// <summary>Throws <see cref="TokenCacheDecryptionException"/> when the blob was altered, belongs to another
    /// account, or was written with another key.</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> blob, string associatedData)
    {
        if (blob.Length < HeaderSize || blob[0] != FormatVersion)
        {
            throw new TokenCacheDecryptionException("The stored token cache is not in a known encrypted format.");
        }

        var plaintext = new byte[blob.Length - HeaderSize];
        try
        {
            lock (_lock)
            {
                _aes.Decrypt(blob.Slice(1, NonceSize), blob[HeaderSize..], blob.Slice(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(associatedData));
            }
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new TokenCacheDecryptionException("The stored token cache cannot be decrypted: it was changed, belongs to another account, or the key is not the one it was written with.", ex);
        }

        return plaintext;
    }

    public void Dispose() => _aes.Dispose();
}
