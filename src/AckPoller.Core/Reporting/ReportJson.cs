using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;

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

            // Generated code for the native front-end's shapes first, reflection for the rest (ReportJsonContext).
            TypeInfoResolver = JsonTypeInfoResolver.Combine(ReportJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };

        // Enums as snake_case strings: the generic converters need no dynamic code (the native front-end's enums), the
        // factory covers every other enum.
        options.Converters.Add(new JsonStringEnumConverter<AckAction>(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new JsonStringEnumConverter<AckOutcome>(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new JsonStringEnumConverter<AlertState>(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new AlertReferenceJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
