using System.Text.RegularExpressions;

namespace AckPoller.Integration.Tests.Docs;

/// <summary>The README cannot fall behind the code: its configuration reference lists exactly the options the classes
/// bind, its quick start is the two commands CI runs, and every command it shows exists in the CLI.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed partial class ReadmeTests
{
    /// <summary>The commands the issue-6 contract promises (surfaces brief), besides those that existed before.</summary>
    private static readonly string[] ContractCommands =
    [
        "probe", "auth status", "auth login", "auth logout", "explain", "run",
        "alert raise", "alert register", "alert show", "alerts", "acks", "accounts", "test", "config check",
    ];

    [Fact]
    public void The_configuration_reference_lists_every_option_by_its_key_path()
    {
        var documented = DocumentedKeys();
        var missing = OptionKeys.All.Where(key => !documented.Contains(key)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"README's configuration reference lacks: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_configuration_reference_lists_no_option_that_does_not_exist()
    {
        var stale = DocumentedKeys().Where(key => !OptionKeys.All.Contains(key)).Order(StringComparer.Ordinal).ToList();

        Assert.True(stale.Count == 0, $"README's configuration reference documents keys no options class binds: {string.Join(", ", stale)}");
    }

    [Fact]
    public void The_quick_start_is_exactly_the_demo_and_the_test_suite_CI_runs()
    {
        var quickStart = RepositoryFiles.Section(RepositoryFiles.Readme, "Quick start");
        var block = CodeBlock().Match(quickStart);
        Assert.True(block.Success, "The quick start has no ```bash block.");
        var commands = block.Groups[1].Value.Split('\n')
            .Select(line => line.Split('#', 2)[0].Trim())
            .Where(line => line.Length > 0)
            .ToList();

        Assert.Equal(["bash sandbox/demo.sh", "bash tests/run.sh"], commands);
        Assert.Single(CodeBlock().Matches(quickStart));
        Assert.Contains("bash tests/run.sh", RepositoryFiles.Read(".ci", "run"), StringComparison.Ordinal);
        Assert.True(File.Exists(RepositoryFiles.PathOf("sandbox", "demo.sh")));
        Assert.True(File.Exists(RepositoryFiles.PathOf("tests", "run.sh")));
    }

    [Fact]
    public async Task Every_ackpoller_command_the_README_shows_exists_in_the_CLI()
    {
        var unknown = new List<string>();
        foreach (var mention in CommandMentions().Matches(RepositoryFiles.Readme).Select(m => m.Groups[1].Value.Trim()).Distinct())
        {
            if (!await ExistsAsync(mention.Split(' ')))
            {
                unknown.Add("ackpoller " + mention);
            }
        }

        Assert.True(unknown.Count == 0, $"README shows commands the CLI does not have: {string.Join("; ", unknown)}");
    }

    [Fact]
    public async Task Every_CLI_command_and_every_contract_command_is_in_the_README()
    {
        var readme = RepositoryFiles.Readme;
        var commands = (await CliCommandTree.LeafPathsAsync()).Concat(ContractCommands).Distinct();
        var missing = commands.Where(c => !readme.Contains("ackpoller " + c, StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, $"README does not show: {string.Join(", ", missing.Select(c => "ackpoller " + c))}");
    }

    private static HashSet<string> DocumentedKeys()
    {
        var reference = RepositoryFiles.Section(RepositoryFiles.Readme, "Configuration reference");
        return ReferenceKey().Matches(reference).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Walks the words after "ackpoller" down the command tree: while a command has subcommands the next
    /// word must be one of them ("a|b" alternatives each); a command without subcommands takes arguments.</summary>
    private static async Task<bool> ExistsAsync(string[] words)
    {
        var path = new List<string>();
        foreach (var word in words)
        {
            var children = await CliCommandTree.SubcommandsAsync(path);
            if (children.Count == 0)
            {
                return true;
            }

            var alternatives = word.Split('|');
            if (!alternatives.All(children.Contains))
            {
                return false;
            }

            if (alternatives.Length > 1)
            {
                foreach (var alternative in alternatives)
                {
                    if ((await CliCommandTree.SubcommandsAsync([.. path, alternative])).Count > 0)
                    {
                        return false;
                    }
                }

                return true;
            }

            path.Add(word);
        }

        return path.Count > 0;
    }

    [GeneratedRegex(@"\| `([A-Z][A-Za-z]*(?::(?:[A-Z][A-Za-z]*|N))+)`")]
    private static partial Regex ReferenceKey();

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    /// <summary>"ackpoller" followed by command words (lower-case words and a|b alternatives) in the README.</summary>
    [GeneratedRegex(@"(?<![\w.-])ackpoller(?! ackpoller\b)((?: [a-z][a-z0-9-]*(?:\|[a-z][a-z0-9-]*)*)+)")]
    private static partial Regex CommandMentions();
}
