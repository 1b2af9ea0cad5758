using System.Security.Cryptography;
using System.Text;
using AckPoller.Core.Auth.TokenCache;

namespace AckPoller.Core.Tests.Auth;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class TokenCacheCipherTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Plain = Encoding.UTF8.GetBytes("{\"RefreshToken\":{\"secret\":\"1.AVEA-refresh-token-value\"}}");

    [Fact]
    public void Round_trip_returns_the_plaintext_and_the_blob_does_not_contain_it()
    {
        using var cipher = new TokenCacheCipher(Key);
        var blob = cipher.Encrypt(Plain, "user:oncall");

        Assert.Equal(Plain, cipher.Decrypt(blob, "user:oncall"));
        Assert.Equal(-1, blob.AsSpan().IndexOf(Encoding.UTF8.GetBytes("refresh-token-value")));
    }

    [Fact]
    public void Each_write_uses_a_fresh_nonce()
    {
        using var cipher = new TokenCacheCipher(Key);
        Assert.NotEqual(cipher.Encrypt(Plain, "a"), cipher.Encrypt(Plain, "a"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(40)]
    public void Any_changed_byte_is_detected(int position)
    {
        using var cipher = new TokenCacheCipher(Key);
        var blob = cipher.Encrypt(Plain, "user:oncall");
        blob[position] ^= 0x01;

        Assert.Throws<TokenCacheDecryptionException>(() => cipher.Decrypt(blob, "user:oncall"));
    }

    [Fact]
    public void A_blob_moved_to_another_account_does_not_decrypt()
    {
        using var cipher = new TokenCacheCipher(Key);
        var blob = cipher.Encrypt(Plain, "user:oncall");

        Assert.Throws<TokenCacheDecryptionException>(() => cipher.Decrypt(blob, "user:other"));
    }

    [Fact]
    public void The_wrong_key_is_detected()
    {
        using var writer = new TokenCacheCipher(Key);
        using var reader = new TokenCacheCipher(RandomNumberGenerator.GetBytes(32));

        Assert.Throws<TokenCacheDecryptionException>(() => reader.Decrypt(writer.Encrypt(Plain, "a"), "a"));
    }

    [Fact]
    public void Truncated_blobs_are_refused()
    {
        using var cipher = new TokenCacheCipher(Key);
        Assert.Throws<TokenCacheDecryptionException>(() => cipher.Decrypt(new byte[10], "a"));
    }

    [Fact]
    public void Keys_other_than_32_bytes_are_refused() =>
        Assert.Throws<ArgumentException>(() => new TokenCacheCipher(new byte[16]));

    [Fact]
    public async Task One_cipher_serves_many_threads_at_once()
    {
        using var cipher = new TokenCacheCipher(Key);
        var payload = new byte[64];
        RandomNumberGenerator.Fill(payload);

        var workers = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            var account = "account-" + i;
            for (var n = 0; n < 50_000; n++)
            {
                Assert.Equal(payload, cipher.Decrypt(cipher.Encrypt(payload, account), account));
            }
        }));

        await Task.WhenAll(workers);
    }
}
