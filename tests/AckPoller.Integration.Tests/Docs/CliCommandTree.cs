using AckPoller.Cli;

namespace AckPoller.Integration.Tests.Docs;

/// <summary>The ackpoller command tree as its own --help shows it: the subcommands of each command path.</summary>
internal static class CliCommandTree
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Cache = [];

    /// <summary>The subcommand names listed under "Commands:" by `ackpoller [path…] --help`.</summary>
    public static async Task<IReadOnlyList<string>> SubcommandsAsync(IReadOnlyList<string> path)
    {
        var key = string.Join(' ', path);
        lock (Cache)
        {
            if (Cache.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await AckPollerCli.RunAsync([.. path, "--help"], output, error);
        Assert.True(exitCode == 0, $"`ackpoller {key} --help` exited {exitCode}: {error}");
        var names = new List<string>();
        var inCommands = false;
        foreach (var line in output.ToString().Split('\n'))
        {
            if (line.StartsWith("Commands:", StringComparison.Ordinal))
            {
                inCommands = true;
            }
            else if (inCommands && line.StartsWith("  ", StringComparison.Ordinal) && line.Length > 2 && line[2] != ' ')
            {
                names.Add(line[2..].Split(' ', 2)[0]);
            }
            else if (inCommands && line.Trim().Length > 0 && !line.StartsWith(' '))
            {
                inCommands = false;
            }
        }

        lock (Cache)
        {
            Cache[key] = names;
        }

        return names;
    }

    /// <summary>Every command path that has no subcommands (e.g. "auth login", "run").</summary>
    public static async Task<IReadOnlyList<string>> LeafPathsAsync()
    {
        var leaves = new List<string>();
        var pending = new Stack<List<string>>();
        pending.Push([]);
        while (pending.Count > 0)
        {
            var path = pending.Pop();
            var children = await SubcommandsAsync(path);
            if (children.Count == 0 && path.Count > 0)
            {
                leaves.Add(string.Join(' ', path));
            }

            foreach (var child in children)
            {
                pending.Push([.. path, child]);
            }
        }

        return leaves;
    }
}
