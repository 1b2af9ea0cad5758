using System.Globalization;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Transport;

namespace AckPoller.Benchmarks;

/// <summary>A fair A/B of our bulk fetch against Python's imaplib on a shared, noisy machine: both log in once to the
/// same sandbox mailbox, then take turns; each side times only its own `UID FETCH 1:* BODY.PEEK[]` call.
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
        using var python = oursOnly ? null : InterleavedComparison.StartPythonWorker("imaplib_worker.py", mailbox.Address, credentials.Secret);
        await InterleavedComparison.RunAsync(rounds, () => InterleavedComparison.MeasureAsync(async () =>
        {
            long octets = 0;
            foreach (var message in await client.UidFetchAsync(UidSet.All, ImapFetchItems.Body, default))
            {
                octets += message.Body!.Length;
            }

            return octets;
        }), python, "imaplib");
        return 0;
    }
}
