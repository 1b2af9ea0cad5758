using System.Text;
using System.Text.Json;
using AckPoller.Cli;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Probe;

/// <summary>`ackpoller probe` against the real sandbox Dovecot and Postfix, with real signed tokens.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public class ProbeSandboxTests
{
    private readonly SandboxSettings _settings = SandboxSettings.Load();

    [Theory]
    [InlineData("imaps", "XOAUTH2")]
    [InlineData("imap", "OAUTHBEARER")]
    [InlineData("pop3s", "OAUTHBEARER")]
    [InlineData("pop3", "XOAUTH2")]
    public async Task Reports_tls_capabilities_and_the_INBOX_count(string scheme, string mechanism)
    {
        var user = _settings.NewAddress("probe");
        await SandboxMail.DeliverAsync(_settings, "monitor@sandbox.test", user, SandboxMail.SimpleMessage("monitor@sandbox.test", user, "one", "body"));
        await SandboxMail.DeliverAsync(_settings, "monitor@sandbox.test", user, SandboxMail.SimpleMessage("monitor@sandbox.test", user, "two", "body"));
        var tokenFile = ProbeRunner.TokenFile(Mint(user));

        JsonElement report = default;
        int exitCode = -1;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            (exitCode, report, _) = await ProbeRunner.RunJsonAsync(Url(scheme), "--user", user, "--token-file", tokenFile, "--auth", mechanism.ToLowerInvariant(), "--ca-file", _settings.CaFile);
            if (exitCode != 0 || report.GetProperty("messages").GetInt64() == 2)
            {
                break;
            }

            await Task.Delay(100); // Postfix delivers asynchronously.
        }

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("error").ValueKind);
        Assert.True(report.GetProperty("authenticated").GetBoolean());
        Assert.Equal(mechanism, report.GetProperty("mechanism").GetString());
        Assert.Equal(2, report.GetProperty("messages").GetInt64());
        Assert.StartsWith("TLS 1.", report.GetProperty("tls").GetString(), StringComparison.Ordinal);
        Assert.Contains(report.GetProperty("capabilities").EnumerateArray(), c => c.GetString() is "IDLE" or "UIDL");
        Assert.Equal(scheme.StartsWith("imap", StringComparison.Ordinal) ? "IMAP" : "POP3", report.GetProperty("protocol").GetString());
    }

    [Theory]
    [InlineData("smtps")]
    [InlineData("smtp")]
    public async Task Sends_a_test_message_that_arrives(string scheme)
    {
        var sender = _settings.NewAddress("probe-sender");
        var recipient = _settings.NewAddress("probe-rcpt");
        var (exitCode, report, _) = await ProbeRunner.RunJsonAsync(Url(scheme), "--user", sender, "--token-file", ProbeRunner.TokenFile(Mint(sender)), "--ca-file", _settings.CaFile, "--send-to", recipient);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.True(report.GetProperty("sent").GetBoolean());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("messages").ValueKind);

        var inboxFile = Path.Combine(_settings.Directory, "mail", _settings.Domain, recipient.Split('@')[0], "Maildir");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string[] files = [];
        while (DateTime.UtcNow < deadline)
        {
            files = Directory.Exists(inboxFile) ? Directory.GetFiles(inboxFile, "*", SearchOption.AllDirectories).Where(f => f.Contains("/new/", StringComparison.Ordinal) || f.Contains("/cur/", StringComparison.Ordinal)).ToArray() : [];
            if (files.Length > 0)
            {
                break;
            }

            await Task.Delay(100);
        }

        var delivered = Assert.Single(files);
        var text = await File.ReadAllTextAsync(delivered);
        Assert.Contains("Subject: AckPoller probe test message", text, StringComparison.Ordinal);
        Assert.Contains("Auto-Submitted: auto-generated", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("imaps", "expired")]
    [InlineData("pop3s", "expired")]
    [InlineData("smtps", "expired")]
    [InlineData("imap", "untrusted")]
    [InlineData("pop3", "untrusted")]
    [InlineData("smtp", "untrusted")]
    [InlineData("imaps", "other-user")]
    [InlineData("pop3s", "other-user")]
    [InlineData("smtps", "other-user")]
    public async Task A_rejected_token_exits_2_with_the_servers_text_and_never_prints_the_token(string scheme, string kind)
    {
        var user = _settings.NewAddress("probe-bad");
        var token = kind switch
        {
            "expired" => Mint(user, TimeSpan.FromMinutes(-5)),
            "untrusted" => MintUntrusted(user),
            _ => Mint(_settings.NewAddress("someone-else")),
        };

        var (exitCode, output, error) = await ProbeRunner.RunAsync(Url(scheme), "--user", user, "--token-file", ProbeRunner.TokenFile(token), "--ca-file", _settings.CaFile, "--json", "--trace");

        Assert.Equal(ExitCodes.AuthenticationFailed, exitCode);
        using var report = JsonDocument.Parse(output);
        var failure = report.RootElement.GetProperty("error");
        Assert.Equal("authentication", failure.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrEmpty(failure.GetProperty("server_response").GetString()));
        Assert.False(report.RootElement.GetProperty("authenticated").GetBoolean());
        Assert.NotEmpty(report.RootElement.GetProperty("capabilities").EnumerateArray());
        Assert.DoesNotContain(token, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"user={user}\u0001auth=Bearer {token}\u0001\u0001")), output + error, StringComparison.Ordinal);
        Assert.Contains("********", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untrusted_certificate_exits_3_as_a_tls_failure()
    {
        var (exitCode, report, _) = await ProbeRunner.RunJsonAsync(Url("imaps"));

        Assert.Equal(ExitCodes.ConnectionFailed, exitCode);
        Assert.Equal("tls", report.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_closed_port_exits_3_as_a_connection_failure()
    {
        var (exitCode, report, _) = await ProbeRunner.RunJsonAsync("imaps://127.0.0.1:1");

        Assert.Equal(ExitCodes.ConnectionFailed, exitCode);
        Assert.Equal("connection", report.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Without_credentials_it_only_connects_and_lists_capabilities()
    {
        var (exitCode, output, _) = await ProbeRunner.RunAsync(Url("smtp"), "--ca-file", _settings.CaFile);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("TLS:            TLS 1.", output, StringComparison.Ordinal);
        Assert.Contains("Authenticated:  no", output, StringComparison.Ordinal);
        Assert.Contains(" AUTH ", output, StringComparison.Ordinal); // Postfix offers AUTH only after STARTTLS, which the probe did
    }

    private string Url(string scheme) => scheme switch
    {
        "imap" => $"imap://{_settings.Host}:{_settings.Ports.Imap}",
        "imaps" => $"imaps://{_settings.Host}:{_settings.Ports.Imaps}",
        "pop3" => $"pop3://{_settings.Host}:{_settings.Ports.Pop3}",
        "pop3s" => $"pop3s://{_settings.Host}:{_settings.Ports.Pop3s}",
        "smtp" => $"smtp://{_settings.Host}:{_settings.Ports.Submission}",
        _ => $"smtps://{_settings.Host}:{_settings.Ports.Smtps}",
    };

    private string Mint(string user, TimeSpan? lifetime = null)
    {
        using var minter = JwtMinter.Trusted(_settings);
        return minter.Mint(user, lifetime);
    }

    private string MintUntrusted(string user)
    {
        using var minter = JwtMinter.Untrusted(_settings);
        return minter.Mint(user);
    }
}
