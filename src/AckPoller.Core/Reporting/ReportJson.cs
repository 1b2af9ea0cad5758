using System.Text.Json;
using System.Text.Json.Serialization;

namespace AckPoller.Core.Reporting;

/// <summary>The one JSON shape shared by the CLI (`--format json`) and the HTTP API: snake_case names, enums as
/// snake_case strings ("ack", "reauth_required"), references as "AP-XXXXXX", times in ISO 8601, nulls kept.</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new AlertReferenceJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
