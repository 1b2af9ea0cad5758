using System.Text.Json;
using System.Text.Json.Serialization;
using AckPoller.Core.Alerts;

namespace AckPoller.Core.Reporting;

/// <summary>Writes an alert reference as "AP-XXXXXX" and reads it back in any case.</summary>
public sealed class AlertReferenceJsonConverter : JsonConverter<AlertReference>
{
    public override AlertReference Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        AlertReference.TryParse(reader.GetString(), out var reference)
            ? reference
            : throw new JsonException("Expected an alert reference like AP-7K3M9Q.");

    public override void Write(Utf8JsonWriter writer, AlertReference value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
