using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AckPoller.EntraStandIn.Registration;
using AckPoller.Sandbox;

namespace AckPoller.EntraStandIn.Hosting;

/// <summary>What the running stand-in process wrote to entra.json in the sandbox folder: where it listens, the CA to
/// trust, and the registered apps (with secrets and client certificate files: it is a sandbox).</summary>
public sealed record EntraStandInInfo
{
    public const string FileName = "entra.json";

    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("tenantId")]
    public required string TenantId { get; init; }

    /// <summary>The authority for MSAL: {url}{tenantId}/.</summary>
    [JsonPropertyName("authority")]
    public required string Authority { get; init; }

    /// <summary>PEM of the CA that issued the stand-in's HTTPS certificate.</summary>
    [JsonPropertyName("caFile")]
    public required string CaFile { get; init; }

    [JsonPropertyName("adminUrl")]
    public required string AdminUrl { get; init; }

    [JsonPropertyName("deviceLoginUrl")]
    public required string DeviceLoginUrl { get; init; }

    [JsonPropertyName("pid")]
    public int Pid { get; init; }

    [JsonPropertyName("apps")]
    public IReadOnlyList<AppRegistration> Apps { get; init; } = [];

    [JsonPropertyName("users")]
    public IReadOnlyList<UserRegistration> Users { get; init; } = [];

    /// <summary>Client id → PFX file (private key, no password) of the certificates the stand-in generated for its apps.</summary>
    [JsonPropertyName("clientCertificates")]
    public IReadOnlyDictionary<string, string> ClientCertificates { get; init; } = new Dictionary<string, string>();

    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads entra.json from the sandbox folder; a clear error says how to start the stand-in when it is missing.</summary>
    public static EntraStandInInfo Load(string? directory = null)
    {
        var file = Path.Combine(directory ?? SandboxSettings.ResolveDirectory(), FileName);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"The Entra stand-in is not running: {file} does not exist. Start it with 'bash sandbox/entra/start.sh'.");
        }

        return JsonSerializer.Deserialize<EntraStandInInfo>(File.ReadAllText(file), JsonOptions)
            ?? throw new InvalidOperationException($"{file} is empty.");
    }

    public void Save(string directory)
    {
        var file = Path.Combine(directory, FileName);
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(temporary, file, overwrite: true);
    }
}
