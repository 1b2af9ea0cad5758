using AckPoller.Cli;
using AckPoller.EntraStandIn.Faults;
using AckPoller.Integration.Tests.Auth;
using AckPoller.Mail.Mime;
using Xunit.Abstractions;

namespace AckPoller.Integration.Tests.Cli;

/// <summary>`ackpoller test &lt;account&gt;` against the sandbox (Dovecot, Postfix) with app-only tokens from the in-process
/// Entra stand-in: every step passes for a good account; a wrong secret, an expired secret and a mailbox that refuses
/// the token each stop at the right step with the matching Office 365 hint and exit code.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class TestCommandCliTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("Imap")]
    [InlineData("Pop3")]
    public async Task A_good_account_passes_every_step_and_sends_the_test_email(string protocol)
    {
        await using var harness = await AuthHarness.StartAsync();
        using var msal = new StandInMsalHttpClientFactory(harness.Entra);
        using var secret = new SecretVariable(harness.ClientSecret);
        var recipient = harness.Settings.NewAddress("testmail");
        var config = await WriteConfigAsync(harness, secret.Name, protocol);

        var result = await CliRun.RunAsync(msal, "test", "app", "--send-to", recipient, "--config", config);
        log.WriteLine(result.ToString());

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        foreach (var step in new[] { "Token", "Connect", "Authenticate", "Capabilities", protocol == "Imap" ? "INBOX" : "Mailbox", "SMTP Connect", "SMTP Authenticate", "SMTP Capabilities", "SMTP Send" })
        {
            Assert.Matches($"(?m)^✓ {step}: ", result.Output);
        }

        Assert.DoesNotContain("✗", result.Output, StringComparison.Ordinal);
        Assert.Matches("(?m)^✓ Connect: (imaps|pop3s)://localhost:\\d+, TLS 1\\.[23]", result.Output);
        Assert.Matches("(?m)^✓ Authenticate: (XOAUTH2|OAUTHBEARER) as " + harness.AppMailbox, result.Output);
        Assert.True(result.Output.Contains(protocol == "Imap" ? "IMAP4REV1" : "SASL", StringComparison.Ordinal), result.ToString());
        Assert.Matches("(?m)^✓ SMTP Capabilities: .*AUTH", result.Output);
        Assert.DoesNotContain(harness.ClientSecret, result.Output, StringComparison.Ordinal);
        var delivered = await WaitForMailAsync(harness, recipient);
        Assert.Equal("AckPoller test message (account app)", delivered.Subject);
    }

    [Fact]
    public async Task A_wrong_secret_stops_at_the_token_with_the_secret_id_hint()
    {
        await using var harness = await AuthHarness.StartAsync();
        using var msal = new StandInMsalHttpClientFactory(harness.Entra);
        using var secret = new SecretVariable("1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d");
        var config = await WriteConfigAsync(harness, secret.Name, "Imap");

        var result = await CliRun.RunAsync(msal, "test", "app", "--config", config);

        Assert.True(result.Exit == ExitCodes.AuthenticationFailed, result.ToString());
        Assert.Matches("(?m)^✗ Token: .*AADSTS7000215", result.Output);
        Assert.Contains("Hint (AADSTS7000215)", result.Output, StringComparison.Ordinal);
        Assert.Contains("copy its Value", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("✓ Connect", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_secret_stops_at_the_token_with_the_expiry_hint()
    {
        await using var harness = await AuthHarness.StartAsync();
        using var msal = new StandInMsalHttpClientFactory(harness.Entra);
        using var secret = new SecretVariable(harness.ClientSecret);
        harness.Entra.Faults.Add(new FaultRule { Fault = EntraFault.ClientSecretExpired, ClientId = harness.ClientId });
        var config = await WriteConfigAsync(harness, secret.Name, "Imap");

        var result = await CliRun.RunAsync(msal, "test", "app", "--config", config);

        Assert.True(result.Exit == ExitCodes.AuthenticationFailed, result.ToString());
        Assert.Matches("(?m)^✗ Token: .*AADSTS7000222", result.Output);
        Assert.Contains("Hint (AADSTS7000222)", result.Output, StringComparison.Ordinal);
        Assert.Contains("ClientSecretExpiresOn", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mailbox_that_refuses_the_token_stops_at_authenticate_with_the_imap_hint()
    {
        await using var harness = await AuthHarness.StartAsync(appHasMailbox: false);
        using var msal = new StandInMsalHttpClientFactory(harness.Entra);
        using var secret = new SecretVariable(harness.ClientSecret);
        var config = await WriteConfigAsync(harness, secret.Name, "Imap");

        var result = await CliRun.RunAsync(msal, "test", "app", "--config", config);
        log.WriteLine(result.ToString());

        Assert.True(result.Exit == ExitCodes.AuthenticationFailed, result.ToString());
        Assert.Matches("(?m)^✓ Token: ", result.Output);
        Assert.Matches("(?m)^✓ Connect: ", result.Output);
        Assert.Matches("(?m)^✗ Authenticate: the server refused the (XOAUTH2|OAUTHBEARER) login", result.Output);
        Assert.Contains("The server said: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Hint (AUTHENTICATE failed)", result.Output, StringComparison.Ordinal);
        Assert.Contains($"Add-MailboxPermission -Identity {harness.AppMailbox}", result.Output, StringComparison.Ordinal);

        // Like the worker, the refusal is recorded: `accounts` now shows it.
        var accounts = await CliRun.RunAsync("accounts", "--config", config);
        Assert.Contains("mailbox_access_denied", accounts.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_connection_failure()
    {
        await using var harness = await AuthHarness.StartAsync();
        using var msal = new StandInMsalHttpClientFactory(harness.Entra);
        using var secret = new SecretVariable(harness.ClientSecret);
        var config = await WriteConfigAsync(harness, secret.Name, "Imap", incoming: "imaps://127.0.0.1:1");

        var result = await CliRun.RunAsync(msal, "test", "app", "--timeout", "00:00:05", "--config", config);

        Assert.True(result.Exit == ExitCodes.ConnectionFailed, result.ToString());
        Assert.Matches("(?m)^✗ Connect: ", result.Output);
    }

    [Fact]
    public async Task Unknown_account_and_send_to_without_smtp_are_refused()
    {
        await using var harness = await AuthHarness.StartAsync();
        using var msal = new StandInMsalHttpClientFactory(harness.Entra);
        using var secret = new SecretVariable(harness.ClientSecret);
        var config = await WriteConfigAsync(harness, secret.Name, "Imap", smtp: false);

        var unknown = await CliRun.RunAsync(msal, "test", "nope", "--config", config);
        var noSmtp = await CliRun.RunAsync(msal, "test", "app", "--send-to", "x@sandbox.test", "--config", config);

        Assert.True(unknown.Exit == ExitCodes.Failure && unknown.Error.Contains("No account named 'nope'", StringComparison.Ordinal), unknown.ToString());
        Assert.True(noSmtp.Exit == ExitCodes.Usage && noSmtp.Error.StartsWith("--send-to: account app has no SmtpServer", StringComparison.Ordinal), noSmtp.ToString());
    }

    private static async Task<string> WriteConfigAsync(AuthHarness harness, string secretVariable, string protocol, string? incoming = null, bool smtp = true)
    {
        var settings = harness.Settings;
        incoming ??= protocol == "Pop3" ? $"pop3s://{settings.Host}:{settings.Ports.Pop3s}" : $"imaps://{settings.Host}:{settings.Ports.Imaps}";
        var smtpServer = smtp ? $"\"smtp://{settings.Host}:{settings.Ports.Submission}\"" : "null";
        var config = Path.Combine(harness.Folder, "appsettings.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Storage": { "DatabasePath": "{{harness.DatabasePath}}" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(harness.Folder, "keys", "cache.key")}}" },
              "Auth": { "ExtraCaFile": "{{settings.CaFile}}" },
              "Alerts": { "SmtpExtraCaFile": "{{settings.CaFile}}" },
              "Accounts": [ {
                "Name": "app", "Mailbox": "{{harness.AppMailbox}}", "Protocol": "{{protocol}}",
                "IncomingServer": "{{incoming}}", "SmtpServer": {{smtpServer}},
                "AuthKind": "ClientCredentials", "TenantId": "{{harness.Entra.TenantId}}", "ClientId": "{{harness.ClientId}}",
                "ClientSecretEnv": "{{secretVariable}}" } ]
            }
            """);
        return config;
    }

    private static async Task<MimeMessage> WaitForMailAsync(AuthHarness harness, string address)
    {
        var at = address.LastIndexOf('@');
        var maildir = Path.Combine(harness.Settings.Directory, "mail", address[(at + 1)..].ToLowerInvariant(), address[..at].ToLowerInvariant(), "Maildir");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var folder in new[] { "new", "cur" })
            {
                var path = Path.Combine(maildir, folder);
                if (Directory.Exists(path) && Directory.EnumerateFiles(path).FirstOrDefault() is { } file)
                {
                    return MimeParser.Parse(await File.ReadAllBytesAsync(file));
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No test email reached {address}.");
    }

    /// <summary>An environment variable holding the client secret for one test.</summary>
    private sealed class SecretVariable : IDisposable
    {
        public SecretVariable(string value)
        {
            Environment.SetEnvironmentVariable(Name, value);
        }

        public string Name { get; } = "ACKPOLLER_CLI_TEST_SECRET_" + Guid.NewGuid().ToString("N");

        public void Dispose() => Environment.SetEnvironmentVariable(Name, null);
    }
}
