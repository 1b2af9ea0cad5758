using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using AckPoller.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace AckPoller.Cli;

/// <summary>Walks a configuration against the options classes (<see cref="AckPollerOptions"/> and below) by reflection:
/// keys no option reads (typos like "Acounts" or "ClientSecrt", which the binder silently ignores) and values that do
/// not convert to the option's type (which would stop the binder, or make it drop a whole account from a list).</summary>
internal static class ConfigurationKeyWalker
{
    /// <summary>Sections the host reads itself, not bound to the options.</summary>
    private static readonly string[] HostSections = ["Logging"];

    public static IReadOnlyList<ConfigurationProblem> Find(IConfigurationRoot configuration)
    {
        var problems = new List<ConfigurationProblem>();
        foreach (var child in configuration.GetChildren())
        {
            if (HostSections.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            Walk(configuration, child, typeof(AckPollerOptions), problems);
        }

        return problems;
    }

    private static void Walk(IConfigurationRoot root, IConfigurationSection section, Type owner, List<ConfigurationProblem> problems)
    {
        if (IsComment(section.Key))
        {
            return;
        }

        var property = owner.GetProperty(section.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || property.GetMethod is null || property.GetIndexParameters().Length > 0
            || (property.SetMethod is not { IsPublic: true } && !IsCollection(property.PropertyType, out _)))
        {
            problems.Add(new ConfigurationProblem(section.Path, $"unknown setting{Suggestion(owner, section.Key)}{Source(root, section)}; it is ignored.", IsUnknownKey: true));
            return;
        }

        WalkValue(root, section, property.PropertyType, problems);
    }

    private static void WalkValue(IConfigurationRoot root, IConfigurationSection section, Type type, List<ConfigurationProblem> problems)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (IsCollection(target, out var element))
        {
            foreach (var item in section.GetChildren())
            {
                if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add(new ConfigurationProblem(item.Path, $"'{section.Key}' is a list: its entries are numbered 0, 1, 2…{Source(root, item)}.", IsUnknownKey: true));
                    continue;
                }

                WalkValue(root, item, element, problems);
            }

            return;
        }

        if (IsLeaf(target))
        {
            if (section.GetChildren().Any())
            {
                problems.Add(new ConfigurationProblem(section.Path, $"expected a single value, found nested settings{Source(root, section)}.", IsUnknownKey: true));
            }
            else if (section.Value is { Length: > 0 } value && !Converts(target, value, out var expected))
            {
                problems.Add(new ConfigurationProblem(section.Path, $"'{value}' is not valid; expected {expected}{Source(root, section)}.", IsUnknownKey: false));
            }

            return;
        }

        foreach (var child in section.GetChildren())
        {
            Walk(root, child, target, problems);
        }
    }

    /// <summary>Keys people use as comments in JSON ("//", "_comment", "$schema", "#note") are not settings.</summary>
    private static bool IsComment(string key) => key.StartsWith("//", StringComparison.Ordinal) || key.Length > 0 && key[0] is '_' or '$' or '#';

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Uri) || type == typeof(Guid);

    private static bool IsCollection(Type type, out Type element)
    {
        element = typeof(object);
        if (type == typeof(string))
        {
            return false;
        }

        if (type.IsArray)
        {
            element = type.GetElementType()!;
            return true;
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        if (enumerable is null || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return false;
        }

        element = enumerable.GetGenericArguments()[0];
        return true;
    }

    private static bool Converts(Type type, string value, out string expected)
    {
        if (type.IsEnum)
        {
            expected = "one of " + string.Join(", ", Enum.GetNames(type));
            return !int.TryParse(value, out _) && Enum.TryParse(type, value, ignoreCase: true, out var parsed) && Enum.IsDefined(type, parsed!);
        }

        expected = type switch
        {
            _ when type == typeof(TimeSpan) => "a duration like 00:05:00 (hh:mm:ss) or 1.00:00:00 (days)",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date such as 2027-03-31",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number",
            _ => "a " + type.Name,
        };
        try
        {
            // The converter the configuration binder itself uses.
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException or OverflowException || ex.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    private static string Suggestion(Type owner, string key)
    {
        // A setting put one level too high, e.g. Accounts:0:Idle for Accounts:0:Polling:Idle.
        foreach (var section in owner.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType.IsClass && !IsLeaf(p.PropertyType) && !IsCollection(p.PropertyType, out _)))
        {
            if (section.PropertyType.GetProperty(key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { SetMethod.IsPublic: true } nested)
            {
                return $" (did you mean '{section.Name}:{nested.Name}'?)";
            }
        }

        var best = owner.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => (p.Name, Distance: Distance(p.Name.ToUpperInvariant(), key.ToUpperInvariant())))
            .OrderBy(p => p.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, key.Length / 4) ? $" (did you mean '{best.Name}'?)" : string.Empty;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>" (from environment variable ACKPOLLER__…)" when only the environment sets the key, so it can be found.</summary>
    private static string Source(IConfigurationRoot root, IConfigurationSection section)
    {
        foreach (var provider in root.Providers.Reverse())
        {
            if (provider.TryGet(section.Path, out _) || provider.GetChildKeys([], section.Path).Any())
            {
                return provider is EnvironmentVariablesConfigurationProvider
                    ? $" (from environment variable {AckPollerConfiguration.EnvironmentPrefix}{section.Path.Replace(":", "__", StringComparison.Ordinal)})"
                    : string.Empty;
            }
        }

        return string.Empty;
    }
}
