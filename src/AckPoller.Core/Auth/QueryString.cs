namespace AckPoller.Core.Auth;

/// <summary>Reads one parameter of a URL query (application/x-www-form-urlencoded).</summary>
internal static class QueryString
{
    public static string? Get(string query, string name)
    {
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? part : part[..equals]);
            if (key == name)
            {
                return equals < 0 ? string.Empty : Decode(part[(equals + 1)..]);
            }
        }

        return null;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
