using System.Diagnostics;
using System.Text;
using AckPoller.Cli;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Integration.Tests.Cli;

/// <summary>The natively compiled front-end (Cli/NativeCli), as the Debian package installs it, against the full build:
/// every command it runs itself must print exactly what the full build prints (stdout, stderr, exit code) on the same
/// store, and every other command must be handed to the full build next to it, arguments and exit code unchanged.
/// The native build is published once per CI run by packaging/publish-native.sh (tests/run.sh sets
/// ACKPOLLER_NATIVE_CLI to it); here it is paired with this build's own worker as the full build.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class NativeCliTests : IDisposable
{
    private const string PasswordVariable = "ACKPOLLER_NATIVE_CLI_TEST_PASSWORD";
    private readonly TempDirectory _dir = new();
    private readonly string _front;
    private readonly string _config;

    public NativeCliTests()
    {
        Environment.SetEnvironmentVariable(PasswordVariable, "unused");
        _front = Path.Combine(_dir.Path, "lib");
        Directory.CreateDirectory(_front);
        var native = NativeBuild();
        File.Copy(native, Path.Combine(_front, "ackpoller-cli"));
        File.Copy(Path.Combine(Path.GetDirectoryName(native)!, "libe_sqlite3.so"), Path.Combine(_front, "libe_sqlite3.so"));
        File.CreateSymbolicLink(Path.Combine(_front, NativeCli.FullBuildName), Path.Combine(Path.GetDirectoryName(WorkerProcess.Dll())!, "ackpoller"));
        // As the package installs it: bin/ackpoller -> lib/ackpoller-cli, the full build as lib/ackpoller.
        Directory.CreateDirectory(_dir.File("bin"));
        File.CreateSymbolicLink(_dir.File("bin/ackpoller"), Path.Combine(_front, "ackpoller-cli"));
        _config = WriteConfig("appsettings.json", PasswordVariable);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Acks_and_alerts_print_exactly_what_the_full_build_prints()
    {
        var seeded = await SeedAsync();
        string[][] commands =
        [
            ["acks", "--config", _config],
            ["acks", "--format", "json", "--config", _config],
            ["acks", "--format", "csv", "--config", _config],
            ["acks", "--format", "json", "--limit", "7", "--config", _config],
            ["acks", "--format", "csv", "--limit", "7", "--after", seeded.Cursor, "--config", _config],
            ["acks", "--limit", "5", "--after", seeded.Cursor, "--config", _config],
            ["acks", "--action", "snooze", "--format", "json", "--config", _config],
            ["acks", "--outcome", "rejected", "--config", _config],
            ["acks", "--by", "JANE@EXAMPLE.COM", "--format", "csv", "--config", _config],
            ["acks", "--alert", seeded.Alert.ToString().ToLowerInvariant(), "--format", "json", "--config", _config],
            ["acks", "--account", "nobody", "--config", _config],
            ["acks", "--since", "2026-03-01T10:05:00Z", "--until", "2026-03-01T10:15:00Z", "--format", "json", "--config", _config],
            ["alerts", "--config", _config],
            ["alerts", "--format", "json", "--config", _config],
            ["alerts", "--state", "snoozed", "--format", "json", "--config", _config],
            ["alerts", "--limit", "2", "--config", _config],

            // Mistakes are reported alike: a bad value (64), a bad configuration (3), a missing configuration file (3).
            ["acks", "--limit", "0", "--config", _config],
            ["acks", "--format", "xml", "--config", _config],
            ["acks", "--since", "yesterday", "--config", _config],
            ["acks", "--no-such-option", "--config", _config],
            ["alerts", "--state", "gone", "--config", _config],
            ["acks", "--config", WriteConfig("broken.json", "ACKPOLLER_NATIVE_CLI_TEST_UNSET")],
            ["acks", "--config", Path.Combine(_dir.Path, "missing.json")],
            ["acks", "--help"],
        ];
        foreach (var args in commands)
        {
            var expected = await ExpectedAsync(args);
            var native = await RunAsync(args);
            Assert.True(expected == native, $"ackpoller {string.Join(' ', args)}\nfull build:\n{expected}\nnative:\n{native}");
        }

        // --version: the full build as a process (in this process it would be the test host's version).
        var version = await RunAsync("--version");
        Assert.Equal(await RunExecutableAsync(Path.Combine(_front, NativeCli.FullBuildName), "--version"), version);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);

        // The seeded rows are really there (the comparison above is not between two empty lists).
        var all = await RunAsync("acks", "--format", "json", "--limit", "100", "--config", _config);
        using var rows = System.Text.Json.JsonDocument.Parse(all.Output);
        Assert.Equal(seeded.Entries, rows.RootElement.GetArrayLength());
        Assert.Contains(rows.RootElement.EnumerateArray(), row => row.GetProperty("actor_name").GetString() == "Zoë Müller");
        Assert.Contains(rows.RootElement.EnumerateArray(), row => row.GetProperty("action").GetString() == "snooze" && row.GetProperty("argument").GetString() == "30m");
        Assert.Contains(rows.RootElement.EnumerateArray(), row => row.GetProperty("action").ValueKind == System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Other_commands_are_handed_to_the_full_build_with_their_arguments_and_exit_code()
    {
        await SeedAsync();

        // config check: only the full build has it. Same output and exit code, for a good and a bad configuration.
        foreach (var config in new[] { _config, WriteConfig("broken.json", "ACKPOLLER_NATIVE_CLI_TEST_UNSET") })
        {
            var expected = await ExpectedAsync("config", "check", "--config", config);
            var handedOff = await RunAsync("config", "check", "--config", config);
            Assert.True(expected == handedOff, $"full build:\n{expected}\nhanded off:\n{handedOff}");
        }

        // An argument with spaces, quotes and non-ASCII text arrives unchanged, and a failure's exit code comes back.
        var show = await RunAsync("alert", "show", "AP-ZZZZZZ", "--config", _config);
        Assert.Equal(await ExpectedAsync("alert", "show", "AP-ZZZZZZ", "--config", _config), show);
        Assert.Equal(ExitCodes.Failure, show.Exit);
        var odd = await RunAsync("alert", "show", "it's \"ü\" — AP", "--config", _config);
        Assert.Equal(await ExpectedAsync("alert", "show", "it's \"ü\" — AP", "--config", _config), odd);

        // The root's help and a mistyped command list every command: the full build's tree.
        Assert.Equal(await ExpectedAsync("--help"), await RunAsync("--help"));
        var mistyped = await RunAsync("ackz");
        Assert.Equal(ExitCodes.Usage, mistyped.Exit);
        Assert.Equal(await ExpectedAsync("ackz"), mistyped);

        // `run` too, with its exit code (3: the configuration names a variable that is not set).
        var run = await RunAsync("run", "--config", WriteConfig("broken-run.json", "ACKPOLLER_NATIVE_CLI_TEST_UNSET"));
        Assert.Equal(ExitCodes.BadConfiguration, run.Exit);
        Assert.Contains("ACKPOLLER_NATIVE_CLI_TEST_UNSET", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_full_build_next_to_it_a_handed_off_command_fails_with_a_clear_message()
    {
        File.Delete(Path.Combine(_front, NativeCli.FullBuildName));
        var result = await RunAsync("config", "check", "--config", _config);
        Assert.Equal(ExitCodes.Failure, result.Exit);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal($"ackpoller: 'config' needs the full build, {Path.Combine(_front, NativeCli.FullBuildName)}, which is not installed next to this native front-end.\n", result.Error);

        // Installed under the full build's name, it refuses rather than handing off to itself.
        var alone = Path.Combine(_dir.Path, "alone");
        Directory.CreateDirectory(alone);
        File.Copy(Path.Combine(_front, "ackpoller-cli"), Path.Combine(alone, NativeCli.FullBuildName));
        var self = await RunExecutableAsync(Path.Combine(alone, NativeCli.FullBuildName), "config", "check", "--config", _config);
        Assert.Equal(ExitCodes.Failure, self.Exit);
        Assert.Equal($"ackpoller: 'config' needs the full build, but {Path.Combine(alone, NativeCli.FullBuildName)} is this native front-end itself; install the front-end as ackpoller-cli next to the full build.\n", self.Error);

        // The commands it runs itself do not need it.
        await SeedAsync();
        var acks = await RunAsync("acks", "--config", _config);
        Assert.Equal(await ExpectedAsync("acks", "--config", _config), acks);
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

    /// <summary>The native front-end published for this machine (ACKPOLLER_NATIVE_CLI, set by tests/run.sh).</summary>
    private static string NativeBuild()
    {
        var path = Environment.GetEnvironmentVariable("ACKPOLLER_NATIVE_CLI");
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException("ACKPOLLER_NATIVE_CLI must name the native front-end: run the tests with tests/run.sh, or " +
                "`bash packaging/publish-native.sh /tmp/native` and set ACKPOLLER_NATIVE_CLI=/tmp/native/ackpoller-cli.");
        }

        return path;
    }

    private string WriteConfig(string name, string passwordVariable)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, $$"""
            {
              "Storage": { "DatabasePath": "{{_dir.File("data/ackpoller.db")}}" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{_dir.File("data/cache.key")}}" },
              "Alerts": { "MessageIdDomain": "alerts.example.com" },
              "Accounts": [ { "Name": "oncall", "Mailbox": "alerts@example.com", "Protocol": "Imap",
                "IncomingServer": "imaps://127.0.0.1:1", "SmtpServer": "smtp://127.0.0.1:1", "AuthKind": "Password", "PasswordEnv": "{{passwordVariable}}" } ]
            }
            """);
        return path;
    }

    private sealed record Seeded(AlertReference Alert, string Cursor, int Entries);

    /// <summary>Alerts in every state and an acknowledgement log with every action (and none), every outcome, nulls,
    /// non-ASCII names, quotes, commas, a formula-looking comment and control characters, written by the store itself.</summary>
    private async Task<Seeded> SeedAsync()
    {
        using var host = await AckPollerHostBuilder.OpenAsync(_config, CancellationToken.None);
        var factory = host.Services.GetRequiredService<IUnitOfWorkFactory>();
        var start = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var alerts = new List<Alert>();
        await using (var work = await factory.BeginAsync(CancellationToken.None))
        {
            var states = Enum.GetValues<AlertState>();
            for (var i = 0; i < 6; i++)
            {
                var state = states[i % states.Length];
                alerts.Add(await work.InsertAlertAsync(new Alert
                {
                    Reference = AlertReference.New(),
                    Subject = i == 0 ? "Disk full on db01, \"urgent\" — ü" : $"Alert {i}",
                    Body = "line one\r\nline two",
                    Severity = i % 2 == 0 ? "critical" : null,
                    Source = i % 3 == 0 ? "nagios" : null,
                    Recipients = ["oncall@example.com", "Zoë Müller <zoe@example.com>"],
                    State = state,
                    SnoozedUntil = state == AlertState.Snoozed ? start.AddHours(5) : null,
                    AcknowledgedBy = state is AlertState.Acknowledged or AlertState.Resolved ? "jane@example.com" : null,
                    AcknowledgedByName = state is AlertState.Acknowledged ? "Zoë Müller" : null,
                    AcknowledgedAt = state is AlertState.Acknowledged or AlertState.Resolved ? start.AddMinutes(i) : null,
                    CreatedAt = start.AddMinutes(i),
                    UpdatedAt = start.AddMinutes(i + 1),
                }, CancellationToken.None));
            }

            var actions = Enum.GetValues<AckAction>().Select(a => (AckAction?)a).Append(null).ToArray();
            var outcomes = Enum.GetValues<AckOutcome>();
            for (var i = 0; i < 24; i++)
            {
                var alert = alerts[i % alerts.Count];
                await work.AppendAckLogAsync(new AckLogEntry
                {
                    AlertId = i % 7 == 6 ? null : alert.Id,
                    AlertReference = i % 7 == 6 ? null : alert.Reference,
                    Action = actions[i % actions.Length],
                    Argument = actions[i % actions.Length] == AckAction.Snooze ? "30m" : null,
                    ActorAddress = i % 4 == 3 ? null : i % 2 == 0 ? "jane@example.com" : "bob@example.net",
                    ActorName = i % 2 == 0 ? "Zoë Müller" : null,
                    ReceivedAt = start.AddMinutes(i).AddSeconds(-3),
                    ProcessedAt = start.AddMinutes(i),
                    SourceMessageId = $"<reply-{i}@example.com>",
                    Account = "oncall",
                    Protocol = i % 2 == 0 ? "imap" : "pop3",
                    MessageKey = $"uidvalidity:1/uid:{i}",
                    Comment = (i % 5) switch
                    {
                        0 => "looking at it, \"now\"",
                        1 => "=1+1",
                        2 => "tab\there\u001b[31m red",
                        _ => null,
                    },
                    Outcome = outcomes[i % outcomes.Length],
                    Reason = i % 3 == 0 ? "applied" : "sender not allowed; see Replies:AllowedSenders",
                }, CancellationToken.None);
            }

            await work.CommitAsync(CancellationToken.None);
        }

        // A cursor from the full build's own first page, to page with.
        var first = await CliRun.RunAsync("acks", "--limit", "7", "--format", "json", "--config", _config);
        var cursor = first.Error.Split("--after ", StringSplitOptions.None)[1].Trim();
        return new Seeded(alerts[0].Reference, cursor, 24);
    }

    /// <summary>The full build's result, run in this process; its help names the test host, where the installed program
    /// is called by the name it was started as (ackpoller).</summary>
    private static async Task<CliResult> ExpectedAsync(params string[] args)
    {
        var result = await CliRun.RunAsync(args);
        return result with { Output = result.Output.Replace("  testhost ", "  ackpoller ", StringComparison.Ordinal) };
    }

    private Task<CliResult> RunAsync(params string[] args) => RunExecutableAsync(_dir.File("bin/ackpoller"), args);

    private async Task<CliResult> RunExecutableAsync(string executable, params string[] args)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = _dir.Path,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
