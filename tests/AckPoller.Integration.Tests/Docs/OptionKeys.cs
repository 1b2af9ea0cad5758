using System.Reflection;
using AckPoller.Core.Configuration;

namespace AckPoller.Integration.Tests.Docs;

/// <summary>Every configuration key the options classes bind, as a key path: "Storage:DatabasePath",
/// "Accounts:N:Polling:IdleRenewal", "Auth:AdminAddresses" (lists by their own key).</summary>
internal static class OptionKeys
{
    public static IReadOnlySet<string> All { get; } = Collect();

    /// <summary>A key from a configuration source in the documented form: list indexes become N under Accounts and
    /// disappear after a list of values ("Accounts:0:Name" → "Accounts:N:Name", "Auth:AdminAddresses:0" → "Auth:AdminAddresses").</summary>
    public static string Normalize(string key)
    {
        var parts = key.Split(':').ToList();
        if (parts.Count > 1 && int.TryParse(parts[^1], out _))
        {
            parts.RemoveAt(parts.Count - 1);
        }

        for (var i = 0; i < parts.Count; i++)
        {
            if (int.TryParse(parts[i], out _))
            {
                parts[i] = "N";
            }
        }

        return string.Join(':', parts);
    }

    /// <summary>The names of all bound properties, wherever they are (for keys shown in comments).</summary>
    public static IReadOnlySet<string> Names { get; } = All.Select(k => k[(k.LastIndexOf(':') + 1)..]).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> Collect()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        Walk(typeof(AckPollerOptions), null, keys);
        return keys;
    }

    private static void Walk(Type type, string? prefix, HashSet<string> keys)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = prefix is null ? property.Name : $"{prefix}:{property.Name}";
            var propertyType = property.PropertyType;
            var listOf = ListElement(propertyType);
            if (listOf is not null && IsOptionsClass(listOf))
            {
                Walk(listOf, key + ":N", keys);
            }
            else if (IsOptionsClass(propertyType) && property.SetMethod?.IsPublic == true)
            {
                Walk(propertyType, key, keys);
            }
            else if (property.SetMethod?.IsPublic == true || listOf is not null)
            {
                keys.Add(key);
            }
        }
    }

    private static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>) ? type.GetGenericArguments()[0] : null;

    private static bool IsOptionsClass(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace == typeof(AckPollerOptions).Namespace;
}
