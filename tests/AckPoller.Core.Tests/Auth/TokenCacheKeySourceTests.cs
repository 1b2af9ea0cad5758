using System.Security.Cryptography;
using AckPoller.Core.Auth.TokenCache;
using AckPoller.Core.Configuration;
using AckPoller.Core.Tests.Support;

namespace AckPoller.Core.Tests.Auth;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class TokenCacheKeySourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void First_run_creates_a_32_byte_key_file_readable_by_the_owner_only_and_reuses_it()
    {
        var options = new TokenCacheOptions { KeyEnv = "ACKPOLLER_TEST_UNSET_" + Guid.NewGuid().ToString("N"), KeyFile = Path.Combine(_dir.Path, "secrets", "cache.key") };

        var first = TokenCacheKeySource.Load(options);
        var second = TokenCacheKeySource.Load(options);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.KeyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(options.KeyFile)!));
        }
    }

    [Fact]
    public void The_environment_variable_wins_over_the_key_file()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new TokenCacheOptions { KeyEnv = "KEY", KeyFile = _dir.File("unused.key") };

        Assert.Equal(key, TokenCacheKeySource.Load(options, name => name == "KEY" ? Convert.ToBase64String(key) : null));
        Assert.False(File.Exists(options.KeyFile));
    }

    [Fact]
    public void A_malformed_environment_key_is_refused_naming_the_setting()
    {
        var options = new TokenCacheOptions { KeyEnv = "KEY", KeyFile = _dir.File("unused.key") };

        var error = Assert.Throws<ConfigurationException>(() => TokenCacheKeySource.Load(options, _ => Convert.ToBase64String(new byte[16])));
        Assert.Contains("TokenCache:KeyEnv", error.Message);
    }
}
