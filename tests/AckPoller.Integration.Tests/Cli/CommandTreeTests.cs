using AckPoller.Cli;

namespace AckPoller.Integration.Tests.Cli;

/// <summary>Issue 11, CLI start-up: a command line that names a command builds that command's tree alone; anything else
/// builds them all, so the root's help and its suggestions for a mistyped command are unchanged.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class CommandTreeTests
{
    private static readonly string[] AllCommands =
        ["run", "alert", "alerts", "acks", "accounts", "cluster", "webhooks", "storage", "auth", "test", "config", "explain", "probe"];

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("ack")] // mistyped: the root needs every command to suggest one
    [InlineData("ACKS")]
    [InlineData("--config", "x.json", "acks")]
    public void Anything_but_a_command_name_first_builds_every_command(params string[] args)
    {
        var root = AckPollerCli.BuildRoot(args, TextWriter.Null, TextWriter.Null, services: null);
        Assert.Equal(AllCommands, root.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public void Each_command_named_first_is_built_alone_under_its_own_name()
    {
        foreach (var name in AllCommands)
        {
            var root = AckPollerCli.BuildRoot([name, "--help"], TextWriter.Null, TextWriter.Null, services: null);
            Assert.Equal(name, Assert.Single(root.Subcommands).Name);
        }
    }

    [Fact]
    public async Task A_command_built_alone_parses_and_helps_as_in_the_whole_tree()
    {
        foreach (var args in new[] { new[] { "acks", "--help" }, ["alert", "raise", "--help"], ["acks", "--limit", "x"], ["acks", "--bogus"] })
        {
            using var alone = new StringWriter();
            using var aloneErrors = new StringWriter();
            var aloneCode = await AckPollerCli.RunAsync(args, alone, aloneErrors);

            // The same arguments parsed against the whole tree (as before this change).
            var whole = AckPollerCli.BuildRoot([], TextWriter.Null, TextWriter.Null, services: null);
            var parse = whole.Parse(args);
            Assert.Equal(parse.Errors.Select(e => e.Message), aloneErrors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Run 'ackpoller --help'", StringComparison.Ordinal)));
            if (parse.Errors.Count == 0)
            {
                using var wholeOutput = new StringWriter();
                var wholeCode = await parse.InvokeAsync(new() { Output = wholeOutput, Error = TextWriter.Null });
                Assert.Equal((wholeCode, wholeOutput.ToString()), (aloneCode, alone.ToString()));
            }
            else
            {
                Assert.Equal(ExitCodes.Usage, aloneCode);
            }
        }
    }
}
