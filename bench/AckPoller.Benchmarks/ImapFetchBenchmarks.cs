using AckPoller.Mail.Imap;
using AckPoller.Mail.Transport;
using BenchmarkDotNet.Attributes;

namespace AckPoller.Benchmarks;

/// <summary>IMAP bulk fetch, `UID FETCH 1:* BODY.PEEK[]`, of 2,000 small messages over implicit TLS from the sandbox
/// Dovecot, on one authenticated session (the same measurement as bench/python/imaplib_baseline.py).</summary>
[MemoryDiagnoser]
public class ImapFetchBenchmarks
{
    private const int Messages = 2000;
    private ImapClient _client = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var mailbox = await SandboxMailbox.EnsureAsync(Messages);
        _client = new ImapClient(mailbox.ConnectionOptions);
        await _client.ConnectAsync(new MailEndpoint(mailbox.Settings.Host, mailbox.Settings.Ports.Imaps, TlsMode.Implicit), default);
        await _client.AuthenticateAsync(mailbox.Credentials());
        await _client.ExamineAsync("INBOX", default);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _client.DisposeAsync();

    [Benchmark(Description = "IMAP UID FETCH 1:* BODY.PEEK[] x2000")]
    public async Task<long> Fetch_all_bodies()
    {
        long octets = 0;
        foreach (var message in await _client.UidFetchAsync(UidSet.All, ImapFetchItems.Body, default))
        {
            octets += message.Body!.Length;
        }

        return octets;
    }

    [Benchmark(Description = "IMAP UID FETCH 1:* BODY.PEEK[] x2000, streamed")]
    public async Task<long> Fetch_all_bodies_streamed()
    {
        long octets = 0;
        await foreach (var message in _client.UidFetchStreamAsync(UidSet.All, ImapFetchItems.Body, default))
        {
            octets += message.Body!.Length;
        }

        return octets;
    }
}
