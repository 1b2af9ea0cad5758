using System.Security.Cryptography;
using AckPoller.Core.Configuration;

namespace AckPoller.Core.Auth.TokenCache;

/// <summary>Finds the token cache key: the environment variable named by TokenCache:KeyEnv when it is set, otherwise the
/// key file, which is created (32 random bytes, base64, mode 0600, folder 0700) on first run.</summary>
public static class TokenCacheKeySource
{
    public static byte[] Load(TokenCacheOptions options, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(options.KeyEnv) && environment(options.KeyEnv) is { Length: > 0 } fromEnvironment)
        {
            return TokenCacheKeyFormat.TryDecode(fromEnvironment, out var key)
                ? key
                : throw new ConfigurationException([$"TokenCache:KeyEnv: environment variable {options.KeyEnv} must hold 32 bytes in base64."]);
        }

        if (string.IsNullOrWhiteSpace(options.KeyFile))
        {
            throw new ConfigurationException([$"TokenCache:KeyFile: no key: set environment variable {options.KeyEnv} or a KeyFile path."]);
        }

        var path = Path.GetFullPath(options.KeyFile);
        if (!File.Exists(path))
        {
            CreateKeyFile(path);
        }

        return TokenCacheKeyFormat.TryDecode(File.ReadAllText(path), out var fileKey)
            ? fileKey
            : throw new ConfigurationException([$"TokenCache:KeyFile: {path} does not hold 32 bytes in base64."]);
    }

    private static void CreateKeyFile(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenCacheKeyFormat.KeyLength));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, text);
            return;
        }

        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // CreateNew: never overwrite a key another process created a moment ago; the mode is set at creation, not after.
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(text);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Lost the race to another process: use its key.
        }
    }
}
