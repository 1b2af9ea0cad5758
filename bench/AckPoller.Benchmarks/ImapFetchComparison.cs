using System.Diagnostics;
using System.Globalization;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Transport;

namespace AckPoller.Benchmarks;

/// <summary>A fair A/B of our bulk fetch against Python's imaplib on a shared, noisy machine: both log in once to the
/// same sandbox mailbox, then take turns (ours, imaplib, imaplib, ours, ...) so load spikes hit both alike; each side
/// times only its own `UID FETCH 1:* BODY.PEEK[]` call, wall clock and its process's CPU time.
/// Usage: `-- compare-imap [ROUNDS] [ours]` (default 40 rounds; "ours" skips imaplib, for profiling our side alone).</summary>
internal static class ImapFetchComparison
{
    private const int Messages = 2000;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
        var oursOnly = args.Length > 2 && args[2] == "ours";
        var mailbox = await SandboxMailbox.EnsureAsync(Messages);
        var credentials = mailbox.Credentials();

        await using var client = new ImapClient(mailbox.ConnectionOptions);
        await client.ConnectAsync(new MailEndpoint(mailbox.Settings.Host, mailbox.Settings.Ports.Imaps, TlsMode.Implicit), default);
        await client.AuthenticateAsync(credentials);
        await client.ExamineAsync("INBOX", default);
        using var python = oursOnly ? null : StartPython(mailbox.Address, credentials.Secret);

        var ours = new List<Sample>(rounds);
        var theirs = new List<Sample>(rounds);

        // One warm-up round each (JIT, server caches), not counted.
        await FetchOursAsync(client);
        if (python is not null)
        {
            await FetchPythonAsync(python);
        }

        for (var i = 0; i < rounds; i++)
        {
            // Alternate who goes first so neither always runs right after the other.
            if (python is not null && i % 2 == 1)
            {
                theirs.Add(await FetchPythonAsync(python));
            }

            ours.Add(await FetchOursAsync(client));
            if (python is not null && i % 2 == 0)
            {
                theirs.Add(await FetchPythonAsync(python));
            }
        }

        Report("AckPoller", ours);
        if (python is not null)
        {
            await python.StandardInput.WriteLineAsync("quit");
            await python.WaitForExitAsync();
            Report("imaplib  ", theirs);
            var ourTimes = Sorted(ours, s => s.Ms);
            var theirTimes = Sorted(theirs, s => s.Ms);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio ours/imaplib: median {Percentile(ourTimes, 0.5) / Percentile(theirTimes, 0.5):0.00}, p25 {Percentile(ourTimes, 0.25) / Percentile(theirTimes, 0.25):0.00}"));
        }

        return 0;
    }

    private static async Task<Sample> FetchOursAsync(ImapClient client)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var workItems = ThreadPool.CompletedWorkItemCount;
        var start = Stopwatch.GetTimestamp();
        var messages = await client.UidFetchAsync(UidSet.All, ImapFetchItems.Body, default);
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        long octets = 0;
        foreach (var message in messages)
        {
            octets += message.Body!.Length;
        }

        return new Sample(ms, cpuMs, octets, ThreadPool.CompletedWorkItemCount - workItems);
    }

    private static async Task<Sample> FetchPythonAsync(Process python)
    {
        await python.StandardInput.WriteLineAsync("fetch");
        var line = await python.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The imaplib worker ended.");
        var parts = line.Split(' ');
        return new Sample(
            double.Parse(parts[0], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture),
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            0);
    }

    private static Process StartPython(string user, string token)
    {
        var script = Path.Combine(RepositoryPaths.Root, "bench", "python", "imaplib_worker.py");
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(user);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start python3.");
        process.StandardInput.AutoFlush = true;
        process.StandardInput.WriteLine(token);
        var ready = process.StandardOutput.ReadLine();
        if (ready != "ready")
        {
            throw new InvalidOperationException($"The imaplib worker did not start: {ready}");
        }

        return process;
    }

    private static void Report(string name, List<Sample> samples)
    {
        var times = Sorted(samples, s => s.Ms);
        var cpu = Sorted(samples, s => s.CpuMs);
        var workItems = Sorted(samples, s => s.WorkItems);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: n={times.Count} octets={samples[^1].Octets} wall min {times[0]:0.0} p25 {Percentile(times, 0.25):0.0} median {Percentile(times, 0.5):0.0} p75 {Percentile(times, 0.75):0.0} ms; cpu median {Percentile(cpu, 0.5):0.0} ms; pool work items median {Percentile(workItems, 0.5):0}"));
    }

    private static List<double> Sorted(List<Sample> samples, Func<Sample, double> value)
    {
        var values = new List<double>(samples.Count);
        foreach (var sample in samples)
        {
            values.Add(value(sample));
        }

        values.Sort();
        return values;
    }

    private static double Percentile(List<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }

    /// <summary>One fetch: wall and CPU milliseconds, body octets, and (ours only) thread-pool work items run meanwhile,
    /// which counts the socket wake-ups handed to the pool.</summary>
    private readonly record struct Sample(double Ms, double CpuMs, long Octets, long WorkItems);
}
