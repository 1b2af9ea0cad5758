using System.Text;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;

namespace AckPoller.Benchmarks;

/// <summary>A sandbox mailbox filled with a fixed number of small messages (about 600 octets each once delivered),
/// filled once through Postfix's injection port and reused by later runs.</summary>
internal sealed class SandboxMailbox
{
    public SandboxMailbox(SandboxSettings settings, string address, int messageCount)
    {
        Settings = settings;
        Address = address;
        MessageCount = messageCount;
    }

    public SandboxSettings Settings { get; }

    public string Address { get; }

    public int MessageCount { get; }

    public MailConnectionOptions ConnectionOptions => new() { Tls = new TlsOptions { ExtraCaFile = Settings.CaFile } };

    public static async Task<SandboxMailbox> EnsureAsync(int messageCount, CancellationToken cancellationToken = default)
    {
        var settings = SandboxSettings.Load();
        var mailbox = new SandboxMailbox(settings, $"bench-{messageCount}@{settings.Domain}", messageCount);
        var present = await mailbox.CountAsync(cancellationToken);
        if (present > messageCount)
        {
            throw new InvalidOperationException($"{mailbox.Address} holds {present} messages, more than {messageCount}; empty it first.");
        }

        if (present < messageCount)
        {
            await mailbox.FillAsync(messageCount - present, cancellationToken);
            await mailbox.WaitForAsync(messageCount, cancellationToken);
        }

        return mailbox;
    }

    public MailCredentials Credentials()
    {
        using var minter = JwtMinter.Trusted(Settings);
        return MailCredentials.FromAccessToken(Address, minter.Mint(Address, TimeSpan.FromHours(4)));
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var pop3 = new Pop3Client(ConnectionOptions);
        await pop3.ConnectAsync(new MailEndpoint(Settings.Host, Settings.Ports.Pop3s, TlsMode.Implicit), cancellationToken);
        await pop3.AuthenticateAsync(Credentials(), cancellationToken: cancellationToken);
        var stat = await pop3.StatAsync(cancellationToken);
        await pop3.QuitAsync(cancellationToken);
        return stat.Count;
    }

    private async Task FillAsync(int count, CancellationToken cancellationToken)
    {
        await using var smtp = new SmtpClient(ConnectionOptions);
        await smtp.ConnectAsync(new MailEndpoint("127.0.0.1", Settings.Ports.SmtpInject, TlsMode.None), cancellationToken);
        for (var i = 0; i < count; i++)
        {
            var message = Encoding.UTF8.GetBytes(
                $"From: Monitoring <monitor@{Settings.Domain}>\r\nTo: <{Address}>\r\nSubject: Benchmark message {i}\r\n" +
                $"Message-ID: <bench.{i}.{Guid.NewGuid():N}@{Settings.Domain}>\r\nDate: {DateTimeOffset.UtcNow:ddd, dd MMM yyyy HH:mm:ss} +0000\r\n" +
                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nack - looking at it\r\n");
            await smtp.SendAsync($"monitor@{Settings.Domain}", [Address], message, cancellationToken);
        }

        await smtp.QuitAsync(cancellationToken);
    }

    private async Task WaitForAsync(int count, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (await CountAsync(cancellationToken) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Address} did not reach {count} messages within 5 minutes.");
            }

            await Task.Delay(500, cancellationToken);
        }
    }
}
