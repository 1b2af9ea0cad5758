using System.Globalization;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Transport;

namespace AckPoller.Benchmarks;

/// <summary>A fair A/B of our pipelined RETR against Python's poplib on a shared, noisy machine: both log in once to the
/// same sandbox mailbox over POP3S, then take turns; each side times only the retrieval of every message.
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

        using var python = oursOnly ? null : InterleavedComparison.StartPythonWorker("poplib_worker.py", mailbox.Address, credentials.Secret);
        await InterleavedComparison.RunAsync(rounds, () => InterleavedComparison.MeasureAsync(async () =>
        {
            long octets = 0;
            await foreach (var message in client.RetrieveManyAsync(numbers))
            {
                octets += message.Data.Length;
            }

            return octets;
        }), python, "poplib");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AckPoller bulk waits: {client.Connection!.BulkWaits} in all"));
        await client.QuitAsync(default);
        return 0;
    }
}
