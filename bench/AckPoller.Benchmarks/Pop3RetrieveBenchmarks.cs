using AckPoller.Mail.Pop3;
using AckPoller.Mail.Transport;
using BenchmarkDotNet.Attributes;

namespace AckPoller.Benchmarks;

/// <summary>POP3 RETR of 2,000 small messages over implicit TLS from the sandbox Dovecot, on one authenticated session.</summary>
[MemoryDiagnoser]
public class Pop3RetrieveBenchmarks
{
    private const int Messages = 2000;
    private Pop3Client _client = null!;
    private int[] _numbers = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var mailbox = await SandboxMailbox.EnsureAsync(Messages);
        _client = new Pop3Client(mailbox.ConnectionOptions);
        await _client.ConnectAsync(new MailEndpoint(mailbox.Settings.Host, mailbox.Settings.Ports.Pop3s, TlsMode.Implicit), default);
        await _client.AuthenticateAsync(mailbox.Credentials(), cancellationToken: default);
        _numbers = Enumerable.Range(1, Messages).ToArray();
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _client.DisposeAsync();

    [Benchmark(Description = "POP3 RETR x2000, pipelined")]
    public async Task<long> Retrieve_all_pipelined()
    {
        long octets = 0;
        await foreach (var message in _client.RetrieveManyAsync(_numbers))
        {
            octets += message.Data.Length;
        }

        return octets;
    }

    [Benchmark(Description = "POP3 RETR x2000, one at a time")]
    public async Task<long> Retrieve_all_one_at_a_time()
    {
        long octets = 0;
        foreach (var number in _numbers)
        {
            octets += (await _client.RetrieveAsync(number, default)).Length;
        }

        return octets;
    }
}
