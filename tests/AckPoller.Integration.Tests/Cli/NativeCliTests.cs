using AckPoller.Cli;

namespace AckPoller.Integration.Tests.Cli;

/// <summary>The natively compiled front-end (Cli/NativeCli), as the Debian package installs it, against the full build:
/// every command it runs itself must print exactly what the full build prints (stdout, stderr, exit code) on the same
/// store, and every other command must be handed to the full build next to it, arguments and exit code unchanged.
/// The native build is published once per CI run by packaging/publish-native.sh (tests/run.sh sets
/// ACKPOLLER_NATIVE_CLI to it); <see cref="NativeFrontEnd"/> pairs it with this build's own worker as the full build.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class NativeCliTests : IDisposable
{
    private readonly NativeFrontEnd _native = new();

    public void Dispose() => _native.Dispose();

    [Fact]
    public async Task Acks_and_alerts_print_exactly_what_the_full_build_prints()
    {
        var seeded = await _native.SeedAsync();
        await _native.AssertSameAsFullBuildAsync(_native.StoreCommands(seeded));

        // --version: the full build as a process (in this process it would be the test host's version).
        var version = await _native.RunAsync("--version");
        Assert.Equal(await _native.RunExecutableAsync(Path.Combine(_native.Front, NativeCli.FullBuildName), "--version"), version);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);

        // The seeded rows are really there (the comparison above is not between two empty lists).
        var all = await _native.RunAsync("acks", "--format", "json", "--limit", "100", "--config", _native.Config);
        using var rows = System.Text.Json.JsonDocument.Parse(all.Output);
        Assert.Equal(seeded.Entries, rows.RootElement.GetArrayLength());
        Assert.Contains(rows.RootElement.EnumerateArray(), row => row.GetProperty("actor_name").GetString() == "Zoë Müller");
        Assert.Contains(rows.RootElement.EnumerateArray(), row => row.GetProperty("action").GetString() == "snooze" && row.GetProperty("argument").GetString() == "30m");
        Assert.Contains(rows.RootElement.EnumerateArray(), row => row.GetProperty("action").ValueKind == System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public Task A_new_sqlite_store_made_by_the_front_end_is_the_full_builds_store() => _native.AssertFreshStoreMadeNativelyServesTheFullBuildAsync();

    [Fact]
    public async Task Other_commands_are_handed_to_the_full_build_with_their_arguments_and_exit_code()
    {
        await _native.SeedAsync();

        // config check: only the full build has it. Same output and exit code, for a good and a bad configuration.
        foreach (var config in new[] { _native.Config, _native.WriteConfig("broken.json", "ACKPOLLER_NATIVE_CLI_TEST_UNSET") })
        {
            var expected = await NativeFrontEnd.ExpectedAsync("config", "check", "--config", config);
            var handedOff = await _native.RunAsync("config", "check", "--config", config);
            Assert.True(expected == handedOff, $"full build:\n{expected}\nhanded off:\n{handedOff}");
        }

        // An argument with spaces, quotes and non-ASCII text arrives unchanged, and a failure's exit code comes back.
        var show = await _native.RunAsync("alert", "show", "AP-ZZZZZZ", "--config", _native.Config);
        Assert.Equal(await NativeFrontEnd.ExpectedAsync("alert", "show", "AP-ZZZZZZ", "--config", _native.Config), show);
        Assert.Equal(ExitCodes.Failure, show.Exit);
        var odd = await _native.RunAsync("alert", "show", "it's \"ü\" — AP", "--config", _native.Config);
        Assert.Equal(await NativeFrontEnd.ExpectedAsync("alert", "show", "it's \"ü\" — AP", "--config", _native.Config), odd);

        // The root's help and a mistyped command list every command: the full build's tree.
        Assert.Equal(await NativeFrontEnd.ExpectedAsync("--help"), await _native.RunAsync("--help"));
        var mistyped = await _native.RunAsync("ackz");
        Assert.Equal(ExitCodes.Usage, mistyped.Exit);
        Assert.Equal(await NativeFrontEnd.ExpectedAsync("ackz"), mistyped);

        // `run` too, with its exit code (3: the configuration names a variable that is not set).
        var run = await _native.RunAsync("run", "--config", _native.WriteConfig("broken-run.json", "ACKPOLLER_NATIVE_CLI_TEST_UNSET"));
        Assert.Equal(ExitCodes.BadConfiguration, run.Exit);
        Assert.Contains("ACKPOLLER_NATIVE_CLI_TEST_UNSET", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_full_build_next_to_it_a_handed_off_command_fails_with_a_clear_message()
    {
        File.Delete(Path.Combine(_native.Front, NativeCli.FullBuildName));
        var result = await _native.RunAsync("config", "check", "--config", _native.Config);
        Assert.Equal(ExitCodes.Failure, result.Exit);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal($"ackpoller: 'config' needs the full build, {Path.Combine(_native.Front, NativeCli.FullBuildName)}, which is not installed next to this native front-end.\n", result.Error);

        // Installed under the full build's name, it refuses rather than handing off to itself.
        var alone = Path.Combine(_native.Dir.Path, "alone");
        Directory.CreateDirectory(alone);
        File.Copy(Path.Combine(_native.Front, "ackpoller-cli"), Path.Combine(alone, NativeCli.FullBuildName));
        var self = await _native.RunExecutableAsync(Path.Combine(alone, NativeCli.FullBuildName), "config", "check", "--config", _native.Config);
        Assert.Equal(ExitCodes.Failure, self.Exit);
        Assert.Equal($"ackpoller: 'config' needs the full build, but {Path.Combine(alone, NativeCli.FullBuildName)} is this native front-end itself; install the front-end as ackpoller-cli next to the full build.\n", self.Error);

        // The commands it runs itself do not need it.
        await _native.SeedAsync();
        var acks = await _native.RunAsync("acks", "--config", _native.Config);
        Assert.Equal(await NativeFrontEnd.ExpectedAsync("acks", "--config", _native.Config), acks);
        Assert.Equal(ExitCodes.Ok, acks.Exit);
    }

    [Fact]
    public void Only_the_compared_commands_run_natively()
    {
        Assert.True(NativeCli.RunsNatively(["acks"]));
        Assert.True(NativeCli.RunsNatively(["alerts", "--format", "json"]));
        Assert.True(NativeCli.RunsNatively(["--version"]));
        Assert.False(NativeCli.RunsNatively([]));
        Assert.False(NativeCli.RunsNatively(["run"]));
        Assert.False(NativeCli.RunsNatively(["alert", "show", "AP-ZZZZZZ"]));
        Assert.False(NativeCli.RunsNatively(["--help"]));
        Assert.False(NativeCli.RunsNatively(["ACKS"]));
        Assert.False(NativeCli.IsNative);
    }
}
