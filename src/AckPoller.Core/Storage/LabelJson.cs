using System.Text.Json;

namespace AckPoller.Core.Storage;

/// <summary>Label sets (name → value) as stored: a JSON object, keys sorted.</summary>
internal static class LabelJson
{
    public static string Write(IReadOnlyDictionary<string, string> labels) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(labels.ToDictionary(l => l.Key, l => l.Value), StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, string> Read(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
