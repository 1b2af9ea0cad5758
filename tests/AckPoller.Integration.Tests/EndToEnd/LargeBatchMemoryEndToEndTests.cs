using System.Diagnostics;
using System.Globalization;
using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Integration.Tests.Imap;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace AckPoller.Integration.Tests.EndToEnd;

/// <summary>Issue 11 item 4: 50 messages of about 15.8 MB each (under Processing:MaxMessageBytes) delivered at once are
/// worked through by the worker as a real process under a 256 MiB GC heap hard limit: fetch batches are bounded by
/// Processing:MaxBatchBytes, so the batch never holds them all (before, one batch held ~790 MB and the worker died), only
/// the top of each body is decoded, and the peak RSS stays under the 256 MB budget.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class LargeBatchMemoryEndToEndTests(ITestOutputHelper output)
{
    private const int Messages = 50;
    private const int BodyBytes = 15_800_000;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _workerLines = new();

    [Fact]
    public async Task Fifty_large_messages_are_processed_under_a_256_mib_heap_limit_within_256_mb_of_rss()
    {
        var settings = SandboxSettings.Load();
        var folder = Path.Combine(Path.GetTempPath(), "ackpoller-e2e-large", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var monitored = settings.NewAddress("large");
        var database = Path.Combine(folder, "ackpoller.db");
        var config = Path.Combine(folder, "appsettings.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Storage": { "DatabasePath": "{{database}}" },
              "Web": { "Url": "http://127.0.0.1:0" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(folder, "keys", "cache.key")}}" },
              "Auth": { "ExtraCaFile": "{{settings.CaFile}}" },
              "Alerts": { "SenderAccount": "large", "MessageIdDomain": "ackpoller.sandbox.test", "SmtpExtraCaFile": "{{settings.CaFile}}" },
              "Accounts": [ {
                "Name": "large", "Mailbox": "{{monitored}}", "Protocol": "Imap",
                "IncomingServer": "imaps://{{settings.Host}}:{{settings.Ports.Imaps}}",
                "SmtpServer": "smtp://{{settings.Host}}:{{settings.Ports.Submission}}",
                "AuthKind": "Password", "PasswordEnv": "ACKPOLLER_E2E_PASSWORD",
                "Processing": { "ProcessExistingMail": true },
                "Polling": { "Interval": "00:00:02", "Idle": false } } ]
            }
            """);
        try
        {
            await DeliverAsync(settings, monitored);
            var process = Start(config, settings.Password);
            long peakKb;
            var clock = Stopwatch.StartNew();
            try
            {
                await WaitForLogAsync(database, process, TimeSpan.FromMinutes(5));
                peakKb = PeakRssKb(process);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            var line = string.Create(CultureInfo.InvariantCulture,
                $"large batch: messages={Messages} bytes_each={BodyBytes} heap_limit_mb=256 peak_rss_mb={peakKb / 1024} seconds={clock.Elapsed.TotalSeconds:F1}");
            output.WriteLine(line);
            Console.WriteLine(line);
            // Issue 11's budget: 256 MB peak RSS whatever arrives (README, Budgets; bench/budgets/large-batch-rss.sh).
            Assert.True(peakKb < 256 * 1024, line);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TryDelete(folder);
            var at = monitored.LastIndexOf('@');
            TryDelete(Path.Combine(settings.Directory, "mail", monitored[(at + 1)..].ToLowerInvariant(), monitored[..at].ToLowerInvariant()));
        }
    }

    private static async Task DeliverAsync(SandboxSettings settings, string monitored)
    {
        // One shared body; each message differs only in its header.
        var body = new byte[BodyBytes];
        var line = Encoding.ASCII.GetBytes(new string('x', 76) + "\r\n");
        for (var i = 0; i < body.Length; i += line.Length)
        {
            line.AsSpan(0, Math.Min(line.Length, body.Length - i)).CopyTo(body.AsSpan(i));
        }

        await using (var inject = new SmtpClient(new MailConnectionOptions { ReadWriteTimeout = TimeSpan.FromMinutes(2) }))
        {
            await inject.ConnectAsync(new MailEndpoint("127.0.0.1", settings.Ports.SmtpInject, TlsMode.None), default);
            for (var i = 0; i < Messages; i++)
            {
                var header = Encoding.ASCII.GetBytes(
                    $"From: <sender@client.sandbox.test>\r\nTo: <{monitored}>\r\nSubject: large {i}\r\nMessage-ID: <{Guid.NewGuid():N}@client.sandbox.test>\r\n" +
                    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
                var message = new byte[header.Length + body.Length];
                header.CopyTo(message, 0);
                body.CopyTo(message, header.Length);
                await inject.SendAsync("sender@client.sandbox.test", [monitored], message, default);
            }

            await inject.QuitAsync(default);
        }

        await using var client = await ImapSandbox.LoginAsync(settings, monitored);
        await client.SelectAsync("INBOX", default);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((await client.UidSearchAsync(ImapSearch.All, default)).Count < Messages)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the {Messages} messages were not delivered within 3 minutes");
            }

            await Task.Delay(200);
        }
    }

    private Process Start(string config, string password) =>
        WorkerProcess.Start(config, new Dictionary<string, string> { ["ACKPOLLER_E2E_PASSWORD"] = password, ["DOTNET_GCHeapHardLimit"] = "0x10000000" }, Keep);

    private async Task WaitForLogAsync(string database, Process worker, TimeSpan timeout)
    {
        var options = new StorageOptions { DatabasePath = database };
        var store = await SqliteStore.OpenAsync(options, TimeProvider.System, NullLoggerFactory.Instance, default);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var count = (await store.AckLog.QueryAsync(new AckLogQuery { Account = "large", Limit = 1000 }, default)).Entries.Count;
            if (count >= Messages)
            {
                return;
            }

            if (worker.HasExited)
            {
                throw new InvalidOperationException($"ackpoller run exited with {worker.ExitCode} at {count} log rows. Worker output:\n{string.Join('\n', _workerLines)}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{count} of {Messages} log rows after {timeout}. Worker output:\n{string.Join('\n', _workerLines)}");
            }

            await Task.Delay(250);
        }
    }

    // VmHWM: the process's peak resident set size, in kB.
    private static long PeakRssKb(Process process)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _workerLines.Enqueue(line);
        while (_workerLines.Count > 60 && _workerLines.TryDequeue(out _))
        {
        }
    }
}
