using System.Text.Json;

namespace AckPoller.Core.Reporting;

/// <summary>How enum values are spelled for people and in JSON/CSV: snake_case ("ack", "reauth_required").</summary>
public static class Names
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
