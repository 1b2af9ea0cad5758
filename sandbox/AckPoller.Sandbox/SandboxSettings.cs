using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AckPoller.Sandbox;

/// <summary>What the running sandbox mail stack wrote to sandbox.json: host, ports, CA, JWT keys.
/// The folder is $ACKPOLLER_SANDBOX_DIR, or /tmp/ackpoller-sandbox.</summary>
public sealed record SandboxSettings
{
    public const string DirectoryVariable = "ACKPOLLER_SANDBOX_DIR";
    public const string DefaultDirectory = "/tmp/ackpoller-sandbox";

    [JsonPropertyName("host")]
    public string Host { get; init; } = "localhost";

    /// <summary>The mail domain every sandbox address lives in; any local part is a valid mailbox.</summary>
    [JsonPropertyName("domain")]
    public string Domain { get; init; } = "sandbox.test";

    /// <summary>PEM file of the sandbox's test CA, to trust in addition to the system roots.</summary>
    [JsonPropertyName("caFile")]
    public string CaFile { get; init; } = string.Empty;

    [JsonPropertyName("ports")]
    public SandboxPorts Ports { get; init; } = new();

    [JsonPropertyName("jwt")]
    public SandboxJwt Jwt { get; init; } = new();

    /// <summary>The password PLAIN/LOGIN accept for any sandbox user.</summary>
    [JsonPropertyName("password")]
    public string Password { get; init; } = string.Empty;

    /// <summary>The folder the sandbox writes its state in.</summary>
    [JsonIgnore]
    public string Directory { get; init; } = DefaultDirectory;

    public static string ResolveDirectory() =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir ? dir : DefaultDirectory;

    /// <summary>Reads sandbox.json; a clear error says how to start the sandbox when it is missing.</summary>
    public static SandboxSettings Load(string? directory = null)
    {
        directory ??= ResolveDirectory();
        var file = Path.Combine(directory, "sandbox.json");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"The sandbox is not running: {file} does not exist. Start it with 'bash sandbox/mail/start.sh'.");
        }

        var settings = JsonSerializer.Deserialize<SandboxSettings>(File.ReadAllText(file))
            ?? throw new InvalidOperationException($"{file} is empty.");
        return settings with { Directory = directory };
    }

    /// <summary>A fresh mailbox address nobody else uses, so tests never see each other's mail.</summary>
    public string NewAddress(string prefix = "user") =>
        $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}@{Domain}";
}
