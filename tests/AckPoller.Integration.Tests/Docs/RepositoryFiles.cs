namespace AckPoller.Integration.Tests.Docs;

/// <summary>Files of this repository that the documentation tests read: the README, the example configuration, scripts.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RootDirectory => Root.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root.Value, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    public static string Readme => Read("README.md");

    /// <summary>The text of a level-2 section ("## Title…") up to the next level-2 heading.</summary>
    public static string Section(string markdown, string titleStart)
    {
        var lines = markdown.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("## " + titleStart, StringComparison.Ordinal));
        Assert.True(start >= 0, $"README has no section starting with '## {titleStart}'.");
        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        return string.Join('\n', lines[start..(end < 0 ? lines.Length : end)]);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AckPoller.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"AckPoller.sln not found above {AppContext.BaseDirectory}.");
    }
}
