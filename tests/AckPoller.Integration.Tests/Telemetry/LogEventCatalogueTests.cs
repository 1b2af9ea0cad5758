using System.Reflection;
using System.Text.RegularExpressions;
using AckPoller.Integration.Tests.Docs;
using Microsoft.Extensions.Logging;

namespace AckPoller.Integration.Tests.Telemetry;

/// <summary>The log events: every [LoggerMessage] EventId is unique, inside its class's documented range, and listed in
/// the README's catalogue with its level; and src/ has no ad-hoc logger.LogX(…) call left (they would log EventId 0).</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed partial class LogEventCatalogueTests
{
    private static readonly Assembly[] Assemblies = [typeof(AckPoller.Core.Telemetry.AckPollerMetrics).Assembly, typeof(AckPoller.Cli.RunCommand).Assembly];

    private static List<(int Id, LogLevel Level, string Class, string Method)> Events() =>
        Assemblies.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(m => (Type: t, Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>())))
            .Where(x => x.Attribute is not null)
            .Select(x => (Id: x.Attribute!.EventId, x.Attribute.Level, Class: x.Type.Name, Method: x.Method.Name))
            .ToList();

    [Fact]
    public void Event_ids_are_unique_and_not_zero()
    {
        var events = Events();
        Assert.True(events.Count >= 90, $"only {events.Count} log events found");
        Assert.DoesNotContain(events, e => e.Id <= 0);
        var duplicates = events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Class + "." + e.Method))}").ToList();
        Assert.True(duplicates.Count == 0, "duplicate EventIds: " + string.Join("; ", duplicates));
    }

    [Fact]
    public void Every_event_is_inside_its_class_range_and_every_range_is_documented()
    {
        var readme = RepositoryFiles.Readme;
        var ranges = RangeRow().Matches(readme).ToDictionary(m => m.Groups[3].Value, m => (Low: int.Parse(m.Groups[1].Value), High: int.Parse(m.Groups[2].Value)));
        var ordered = ranges.Values.OrderBy(r => r.Low).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].Low > ordered[i - 1].High, $"ranges overlap: {ordered[i - 1]} and {ordered[i]}");
        }

        foreach (var e in Events())
        {
            Assert.True(ranges.TryGetValue(e.Class, out var range), $"{e.Class} has no EventId range in the README catalogue");
            Assert.True(e.Id >= range.Low && e.Id <= range.High, $"{e.Class}.{e.Method} ({e.Id}) is outside {range.Low}–{range.High}");
        }
    }

    [Fact]
    public void The_readme_catalogue_lists_exactly_the_events_with_their_levels()
    {
        var documented = EventRow().Matches(RepositoryFiles.Readme)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value}.{m.Groups[4].Value}").ToHashSet(StringComparer.Ordinal);
        var actual = Events().Select(e => $"{e.Id} {e.Level} {e.Class}.{e.Method}").ToHashSet(StringComparer.Ordinal);
        Assert.True(actual.SetEquals(documented),
            $"in code, not in the README: {string.Join(", ", actual.Except(documented))}; in the README, not in code: {string.Join(", ", documented.Except(actual))}");
    }

    [Fact]
    public void Src_has_no_ad_hoc_log_calls()
    {
        var offenders = Directory.EnumerateFiles(RepositoryFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => AdHocCall().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(RepositoryFiles.RootDirectory, l.File)}:{l.Line}")
            .ToList();
        Assert.True(offenders.Count == 0, "use a [LoggerMessage] definition of the area instead: " + string.Join(", ", offenders));
    }

    [GeneratedRegex(@"^\| (\d+)–(\d+) \| `(\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex RangeRow();

    [GeneratedRegex(@"^\| (\d+) \| (\w+) \| `(\w+)\.(\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex EventRow();

    [GeneratedRegex(@"\.Log(Trace|Debug|Information|Warning|Error|Critical)\(")]
    private static partial Regex AdHocCall();
}
