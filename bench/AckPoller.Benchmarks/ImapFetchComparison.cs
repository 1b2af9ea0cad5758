using System.Diagnostics;
using System.Globalization;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Transport;

namespace AckPoller.Benchmarks;

/// <summary>A fair A/B of our bulk fetch against Python's imaplib on a shared, noisy machine: both log in once to the
/// same sandbox mailbox, then take turns (ours, imaplib, ours, ...) so load spikes hit both alike; each side times
/// only its own `UID FETCH 1:* BODY.PEEK[]` call. Usage: `-- compare-imap [ROUNDS]` (default 40).</summary>
internal static class ImapFetchComparison
{
    private const int Messages = 2000;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
        var mailbox = await SandboxMailbox.EnsureAsync(Messages);
        var credentials = mailbox.Credentials();

        await using var client = new ImapClient(mailbox.ConnectionOptions);
        await client.ConnectAsync(new MailEndpoint(mailbox.Settings.Host, mailbox.Settings.Ports.Imaps, TlsMode.Implicit), default);
        await client.AuthenticateAsync(credentials);
        await client.ExamineAsync("INBOX", default);

        using var python = StartPython(mailbox.Address, credentials.Secret);
        var ours = new List<double>(rounds);
        var theirs = new List<double>(rounds);
        long ourOctets = 0;
        long theirOctets = 0;

        // Warm-up round for both (JIT, server caches), not counted.
        await FetchOursAsync(client);
        await FetchPythonAsync(python);
        for (var i = 0; i < rounds; i++)
        {
            // Alternate who goes first so neither always runs right after the other.
            if (i % 2 == 0)
            {
                (var ms, ourOctets) = await FetchOursAsync(client);
                ours.Add(ms);
                (ms, theirOctets) = await FetchPythonAsync(python);
                theirs.Add(ms);
            }
            else
            {
                (var ms, theirOctets) = await FetchPythonAsync(python);
                theirs.Add(ms);
                (ms, ourOctets) = await FetchOursAsync(client);
                ours.Add(ms);
            }
        }

        await python.StandardInput.WriteLineAsync("quit");
        await python.WaitForExitAsync();
        Report("AckPoller", ours, ourOctets);
        Report("imaplib  ", theirs, theirOctets);
        ours.Sort();
        theirs.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio ours/imaplib: median {Percentile(ours, 0.5) / Percentile(theirs, 0.5):0.00}, p25 {Percentile(ours, 0.25) / Percentile(theirs, 0.25):0.00}"));
        return 0;
    }

    private static async Task<(double Ms, long Octets)> FetchOursAsync(ImapClient client)
    {
        var start = Stopwatch.GetTimestamp();
        var messages = await client.UidFetchAsync(UidSet.All, ImapFetchItems.Body, default);
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        long octets = 0;
        foreach (var message in messages)
        {
            octets += message.Body!.Length;
        }

        return (ms, octets);
    }

    private static async Task<(double Ms, long Octets)> FetchPythonAsync(Process python)
    {
        await python.StandardInput.WriteLineAsync("fetch");
        var line = await python.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("imaplib worker ended.");
        var parts = line.Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
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
            throw new InvalidOperationException($"imaplib worker did not start: {ready}");
        }

        return process;
    }

    private static void Report(string name, List<double> times, long octets)
    {
        var sorted = times.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: n={sorted.Count} octets={octets} min {sorted[0]:0.0} p25 {Percentile(sorted, 0.25):0.0} median {Percentile(sorted, 0.5):0.0} p75 {Percentile(sorted, 0.75):0.0} ms"));
    }

    private static double Percentile(List<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
