using System.Diagnostics;
using System.Text;
using AckPoller.Cli;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Integration.Tests.Cli;

/// <summary>The native command-line front-end laid out as the Debian package installs it (bin/ackpoller ->
/// lib/ackpoller-cli, the full build as lib/ackpoller: this build's own worker), a configuration for a store, a seeded
/// store, and both builds' results for the same arguments (<see cref="NativeCliTests"/>, <see cref="NativeCliPostgreSqlTests"/>).</summary>
internal sealed class NativeFrontEnd : IDisposable
{
    public const string PasswordVariable = "ACKPOLLER_NATIVE_CLI_TEST_PASSWORD";
    private readonly string _storage;

    /// <param name="storage">The Storage section's members as JSON; null for a SQLite file in the temporary folder.</param>
    public NativeFrontEnd(string? storage = null)
    {
        Environment.SetEnvironmentVariable(PasswordVariable, "unused");
        _storage = storage ?? $"\"DatabasePath\": \"{Dir.File("data/ackpoller.db")}\"";
        Front = Path.Combine(Dir.Path, "lib");
        Directory.CreateDirectory(Front);
        var native = NativeBuild();
        File.Copy(native, Path.Combine(Front, "ackpoller-cli"));
        File.Copy(Path.Combine(Path.GetDirectoryName(native)!, "libe_sqlite3.so"), Path.Combine(Front, "libe_sqlite3.so"));
        File.CreateSymbolicLink(Path.Combine(Front, NativeCli.FullBuildName), Path.Combine(Path.GetDirectoryName(WorkerProcess.Dll())!, "ackpoller"));
        Directory.CreateDirectory(Dir.File("bin"));
        File.CreateSymbolicLink(Dir.File("bin/ackpoller"), Path.Combine(Front, "ackpoller-cli"));
        Config = WriteConfig("appsettings.json", PasswordVariable);
    }

    public TempDirectory Dir { get; } = new();

    /// <summary>The folder of the front-end and the full build (/usr/lib/ackpoller in the package).</summary>
    public string Front { get; }

    public string Config { get; }

    public void Dispose() => Dir.Dispose();

    /// <summary>The commands the front-end runs itself, on a seeded store: every format, filter and paging, and the
    /// mistakes (a bad value: 64, a bad configuration and a missing file: 3).</summary>
    public IEnumerable<string[]> StoreCommands(Seeded seeded) =>
    [
        ["acks", "--config", Config],
        ["acks", "--format", "json", "--config", Config],
        ["acks", "--format", "csv", "--config", Config],
        ["acks", "--format", "json", "--limit", "7", "--config", Config],
        ["acks", "--format", "csv", "--limit", "7", "--after", seeded.Cursor, "--config", Config],
        ["acks", "--limit", "5", "--after", seeded.Cursor, "--config", Config],
        ["acks", "--action", "snooze", "--format", "json", "--config", Config],
        ["acks", "--outcome", "rejected", "--config", Config],
        ["acks", "--by", "JANE@EXAMPLE.COM", "--format", "csv", "--config", Config],
        ["acks", "--alert", seeded.Alert.ToString().ToLowerInvariant(), "--format", "json", "--config", Config],
        ["acks", "--account", "nobody", "--config", Config],
        ["acks", "--since", "2026-03-01T10:05:00Z", "--until", "2026-03-01T10:15:00Z", "--format", "json", "--config", Config],
        ["alerts", "--config", Config],
        ["alerts", "--format", "json", "--config", Config],
        ["alerts", "--state", "snoozed", "--format", "json", "--config", Config],
        ["alerts", "--limit", "2", "--config", Config],
        ["acks", "--limit", "0", "--config", Config],
        ["acks", "--format", "xml", "--config", Config],
        ["acks", "--since", "yesterday", "--config", Config],
        ["acks", "--no-such-option", "--config", Config],
        ["alerts", "--state", "gone", "--config", Config],
        ["acks", "--config", WriteConfig("broken.json", "ACKPOLLER_NATIVE_CLI_TEST_UNSET")],
        ["acks", "--config", Path.Combine(Dir.Path, "missing.json")],
        ["acks", "--help"],
    ];

    /// <summary>A new store made by the front-end (the first command after installing may be `ackpoller alerts`): it
    /// creates the schema the full build then uses. The front-end runs the migrations itself, natively.</summary>
    public async Task AssertFreshStoreMadeNativelyServesTheFullBuildAsync()
    {
        var empty = await RunAsync("alerts", "--config", Config);
        Assert.Equal(await ExpectedAsync("alerts", "--config", Config), empty);
        Assert.Equal((ExitCodes.Ok, "No alerts match.\n"), (empty.Exit, empty.Output));

        // The full build writes into the schema the front-end made, and the front-end reads it back.
        var registered = await CliRun.RunAsync("alert", "register", "--ref", "AP-K3X9QZ", "--subject", "Disk full on db01", "--config", Config);
        Assert.True(registered.Exit == ExitCodes.Ok, registered.ToString());
        var listed = await RunAsync("alerts", "--format", "json", "--config", Config);
        Assert.Equal(await ExpectedAsync("alerts", "--format", "json", "--config", Config), listed);
        Assert.Contains("\"reference\": \"AP-K3X9QZ\"", listed.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs every command with both builds and fails on the first difference in stdout, stderr or exit code.</summary>
    public async Task AssertSameAsFullBuildAsync(IEnumerable<string[]> commands)
    {
        foreach (var args in commands)
        {
            var expected = await ExpectedAsync(args);
            var native = await RunAsync(args);
            Assert.True(expected == native, $"ackpoller {string.Join(' ', args)}\nfull build:\n{expected}\nnative:\n{native}");
        }
    }

    /// <summary>The native front-end published for this machine (ACKPOLLER_NATIVE_CLI, set by tests/run.sh).</summary>
    public static string NativeBuild()
    {
        var path = Environment.GetEnvironmentVariable("ACKPOLLER_NATIVE_CLI");
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException("ACKPOLLER_NATIVE_CLI must name the native front-end: run the tests with tests/run.sh, or " +
                "`bash packaging/publish-native.sh /tmp/native` and set ACKPOLLER_NATIVE_CLI=/tmp/native/ackpoller-cli.");
        }

        return path;
    }

    public string WriteConfig(string name, string passwordVariable)
    {
        var path = Dir.File(name);
        File.WriteAllText(path, $$"""
            {
              "Storage": { {{_storage}} },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Dir.File("data/cache.key")}}" },
              "Alerts": { "MessageIdDomain": "alerts.example.com" },
              "Accounts": [ { "Name": "oncall", "Mailbox": "alerts@example.com", "Protocol": "Imap",
                "IncomingServer": "imaps://127.0.0.1:1", "SmtpServer": "smtp://127.0.0.1:1", "AuthKind": "Password", "PasswordEnv": "{{passwordVariable}}" } ]
            }
            """);
        return path;
    }

    public sealed record Seeded(AlertReference Alert, string Cursor, int Entries);

    /// <summary>Alerts in every state and an acknowledgement log with every action (and none), every outcome, nulls,
    /// non-ASCII names, quotes, commas, a formula-looking comment and control characters, written by the store itself.</summary>
    public async Task<Seeded> SeedAsync()
    {
        using var host = await AckPollerHostBuilder.OpenAsync(Config, CancellationToken.None);
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
        var first = await CliRun.RunAsync("acks", "--limit", "7", "--format", "json", "--config", Config);
        var cursor = first.Error.Split("--after ", StringSplitOptions.None)[1].Trim();
        return new Seeded(alerts[0].Reference, cursor, 24);
    }

    /// <summary>The full build's result, run in this process; its help names the test host, where the installed program
    /// is called by the name it was started as (ackpoller).</summary>
    public static async Task<CliResult> ExpectedAsync(params string[] args)
    {
        var result = await CliRun.RunAsync(args);
        return result with { Output = result.Output.Replace("  testhost ", "  ackpoller ", StringComparison.Ordinal) };
    }

    public Task<CliResult> RunAsync(params string[] args) => RunExecutableAsync(Dir.File("bin/ackpoller"), args);

    public async Task<CliResult> RunExecutableAsync(string executable, params string[] args)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Dir.Path,
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
