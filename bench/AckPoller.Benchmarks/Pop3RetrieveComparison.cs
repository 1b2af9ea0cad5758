using System.Diagnostics;
using System.Globalization;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Transport;

namespace AckPoller.Benchmarks;

/// <summary>A fair A/B of our pipelined RETR against Python's poplib on a shared, noisy machine: both log in once to the
/// same sandbox mailbox over POP3S, then take turns (ours, poplib, poplib, ours, ...) so load spikes hit both alike;
/// each side times only the retrieval of every message, wall clock and its process's CPU time.
/// Usage: `-- compare-pop3 [ROUNDS] [ours]` (default 30 rounds; "ours" skips poplib, for profiling our side alone).</summary>
internal static class Pop3RetrieveComparison
{
    private const int Messages = 2000;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var oursOnly = args.Length > 2 && args[2] == "ours";
        var mailbox = await SandboxMailbox.EnsureAsync(Messages);
        var credentials = mailbox.Credentials();

        await using var client = new Pop3Client(mailbox.ConnectionOptions);
        await client.ConnectAsync(new MailEndpoint(mailbox.Settings.Host, mailbox.Settings.Ports.Pop3s, TlsMode.Implicit), default);
        await client.AuthenticateAsync(credentials, cancellationToken: default);
        var listing = await client.ListAsync(default);
        var numbers = new int[listing.Count];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = listing[i].MessageNumber;
        }

        using var python = oursOnly ? null : StartPython(mailbox.Address, credentials.Secret);
        var ours = new List<ComparisonSample>(rounds);
        var theirs = new List<ComparisonSample>(rounds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at start: {LoadAverage()}"));

        // One warm-up round each (JIT, server caches), not counted.
        await RetrieveOursAsync(client, numbers);
        if (python is not null)
        {
            await ComparisonSample.FromWorkerAsync(python, "poplib");
        }

        for (var i = 0; i < rounds; i++)
        {
            // Alternate who goes first so neither always runs right after the other.
            if (python is not null && i % 2 == 1)
            {
                theirs.Add(await ComparisonSample.FromWorkerAsync(python, "poplib"));
            }

            ours.Add(await RetrieveOursAsync(client, numbers));
            if (python is not null && i % 2 == 0)
            {
                theirs.Add(await ComparisonSample.FromWorkerAsync(python, "poplib"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at end: {LoadAverage()}"));
        ComparisonSample.Report("AckPoller", ours);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AckPoller bulk waits: {client.Connection!.BulkWaits} in all"));
        if (python is not null)
        {
            await python.StandardInput.WriteLineAsync("quit");
            await python.WaitForExitAsync();
            ComparisonSample.Report("poplib   ", theirs);
            ComparisonSample.ReportRatio("poplib", ours, theirs);
        }

        await client.QuitAsync(default);
        return 0;
    }

    private static async Task<ComparisonSample> RetrieveOursAsync(Pop3Client client, int[] numbers)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var workItems = ThreadPool.CompletedWorkItemCount;
        var start = Stopwatch.GetTimestamp();
        long octets = 0;
        await foreach (var message in client.RetrieveManyAsync(numbers))
        {
            octets += message.Data.Length;
        }

        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        return new ComparisonSample(ms, cpuMs, octets, ThreadPool.CompletedWorkItemCount - workItems);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";

    private static Process StartPython(string user, string token)
    {
        var script = Path.Combine(RepositoryPaths.Root, "bench", "python", "poplib_worker.py");
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(user);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start python3.");
        process.StandardInput.AutoFlush = true;
        process.StandardInput.WriteLine(token);
        var ready = process.StandardOutput.ReadLine();
        if (ready != "ready")
        {
            throw new InvalidOperationException($"The poplib worker did not start: {ready}");
        }

        return process;
    }
}
