using System.CommandLine;
using AckPoller.Cli;
using AckPoller.Core.Jobs;
using AckPoller.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Integration.Tests.Jobs;

/// <summary>`ackpoller run` end to end with the real host and the real account poller: migrations, Quartz's first
/// scheduled poll, the IDLE listener picking up a delivered reply, and a graceful stop on cancellation (what Ctrl+C/SIGTERM do).</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class RunCommandSandboxTests
{
    [Fact]
    public async Task Run_migrates_polls_on_schedule_and_on_IDLE_then_stops_cleanly()
    {
        var settings = SandboxSettings.Load();
        var folder = Path.Combine(Path.GetTempPath(), "ackpoller-run-it", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var mailbox = settings.NewAddress("run");
        var passwordVariable = "ACKPOLLER_RUN_TEST_PASSWORD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(passwordVariable, settings.Password);
        var config = Path.Combine(folder, "appsettings.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Storage": { "DatabasePath": "{{Path.Combine(folder, "ackpoller.db")}}" },
              "Web": { "Url": "http://127.0.0.1:0" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(folder, "keys", "cache.key")}}" },
              "Auth": { "ExtraCaFile": "{{settings.CaFile}}" },
              "Accounts": [ {
                "Name": "oncall", "Mailbox": "{{mailbox}}", "Protocol": "Imap",
                "IncomingServer": "imaps://{{settings.Host}}:{{settings.Ports.Imaps}}",
                "AuthKind": "Password", "PasswordEnv": "{{passwordVariable}}",
                "Polling": { "Interval": "01:00:00" } } ]
            }
            """);
        RecordingPoller? recording = null;
        var root = new RootCommand
        {
            RunCommand.Create(afterDefaults: services =>
            {
                // The real poller (reading the sandbox mailbox), wrapped to see when it runs and what it found.
                var real = services.Last(d => d.ServiceType == typeof(IAccountPoller));
                services.AddSingleton<IAccountPoller>(sp => recording = new RecordingPoller((IAccountPoller)real.ImplementationFactory!(sp)));
            }),
        };
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            var run = root.Parse(["run", "--config", config]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, stop.Token);

            // The schedule's first firing and the IDLE connect each poll once; then IDLE waits.
            await WaitAsync(() => recording?.Polls.Count >= 2, run, error, "the first polls");
            var poller = recording!;
            await Task.Delay(500);
            var sent = poller.Now;
            await SandboxMail.DeliverAsync(settings, "jane@sandbox.test", mailbox, SandboxMail.SimpleMessage("jane@sandbox.test", mailbox, "RE: [AP-RUN001] ack", "ack"));
            await poller.WaitForPollAfterAsync("oncall", sent, TimeSpan.FromSeconds(10));
            await WaitAsync(() => poller.Results.Any(r => r.Fetched >= 1), run, error, "the real poller fetching the delivered reply");

            await stop.CancelAsync();
            var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0, error.ToString());
            Assert.True(File.Exists(Path.Combine(folder, "ackpoller.db")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(passwordVariable, null);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WaitAsync(Func<bool> condition, Task run, StringWriter error, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (run.IsCompleted)
            {
                throw new InvalidOperationException($"ackpoller run ended early: {error}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}. stderr: {error}");
            }

            await Task.Delay(20);
        }
    }
}
