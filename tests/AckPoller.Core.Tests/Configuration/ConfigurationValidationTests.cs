using AckPoller.Core.Configuration;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace AckPoller.Core.Tests.Configuration;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ConfigurationValidationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static MailAccountOptions Account(Action<MailAccountOptions>? change = null)
    {
        var account = new MailAccountOptions
        {
            Name = "oncall",
            Mailbox = "oncall@contoso.com",
            Protocol = MailProtocol.Imap,
            IncomingServer = "imaps://outlook.office365.com:993",
            SmtpServer = "smtp://smtp.office365.com:587",
            AuthKind = AccountAuthKind.DelegatedAuthorizationCode,
            TenantId = "tenant",
            ClientId = "client",
            ClientSecretEnv = "SECRET",
            RedirectUri = "https://ackpoller.contoso.com/oauth/callback",
        };
        change?.Invoke(account);
        return account;
    }

    private static IReadOnlyList<string> Validate(params MailAccountOptions[] accounts)
    {
        var options = new AckPollerOptions();
        foreach (var account in accounts)
        {
            options.Accounts.Add(account);
        }

        return new AckPollerOptionsValidator(name => name == "SECRET" ? "value" : null, _ => false).Collect(options);
    }

    [Fact]
    public void A_complete_account_is_valid() => Assert.Empty(Validate(Account()));

    [Theory]
    [InlineData("ClientSecretEnv", "Accounts:0:ClientSecretEnv: environment variable MISSING is not set")]
    [InlineData("ClientId", "Accounts:0:ClientId: is required")]
    [InlineData("RedirectUri", "Accounts:0:RedirectUri: is required")]
    [InlineData("IncomingServer", "Accounts:0:IncomingServer: 'pop3s://x' must be a URL with scheme imap or imaps")]
    [InlineData("Mailbox", "Accounts:0:Mailbox: 'nobody' is not an email address")]
    [InlineData("Authority", "Accounts:0:Authority: 'http://login.example.com/t' must be an https URL")]
    [InlineData("Name", "Accounts:0:Name: 'on call' may contain only")]
    public void Each_problem_names_its_key(string field, string expected)
    {
        var account = Account(a =>
        {
            switch (field)
            {
                case "ClientSecretEnv": a.ClientSecretEnv = "MISSING"; break;
                case "ClientId": a.ClientId = null; break;
                case "RedirectUri": a.RedirectUri = null; break;
                case "IncomingServer": a.IncomingServer = "pop3s://x"; break;
                case "Mailbox": a.Mailbox = "nobody"; break;
                case "Authority": a.Authority = "http://login.example.com/t"; break;
                case "Name": a.Name = "on call"; break;
            }
        });

        Assert.Contains(Validate(account), error => error.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void An_app_credential_is_required_for_confidential_flows_but_not_for_device_code()
    {
        Assert.Contains(Validate(Account(a => { a.AuthKind = AccountAuthKind.ClientCredentials; a.ClientSecretEnv = null; })),
            e => e.StartsWith("Accounts:0:ClientSecretEnv: ClientCredentials needs the app's credential", StringComparison.Ordinal));
        Assert.Empty(Validate(Account(a => { a.AuthKind = AccountAuthKind.DelegatedDeviceCode; a.ClientSecretEnv = null; a.RedirectUri = null; })));
    }

    [Fact]
    public void Duplicate_names_and_both_secret_and_certificate_are_refused()
    {
        var errors = Validate(Account(), Account(a => a.CertificateFile = "/no/such.pfx"));

        Assert.Contains("Accounts:1:Name: 'oncall' is used by another account; names must be unique.", errors);
        Assert.Contains("Accounts:1:CertificateFile: configure either a client secret or a certificate, not both.", errors);
        Assert.Contains("Accounts:1:CertificateFile: file '/no/such.pfx' does not exist.", errors);
    }

    [Fact]
    public void No_accounts_and_a_keep_alive_past_90_days_are_refused()
    {
        var options = new AckPollerOptions();
        options.Auth.KeepAliveInterval = TimeSpan.FromDays(120);

        var errors = new AckPollerOptionsValidator(_ => null, _ => true).Collect(options);

        Assert.Contains(errors, e => e.StartsWith("Accounts: no mail account", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Auth:KeepAliveInterval:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_written_into_the_file_is_refused_with_a_clear_message()
    {
        var file = WriteSettings("""{ "Accounts": [ { "Name": "oncall", "ClientSecret": "abc~def" } ] }""");

        var error = Assert.Throws<ConfigurationException>(() => AckPollerConfiguration.LoadValidated(AckPollerConfiguration.Build(file, _dir.Path)));

        Assert.Contains(error.Errors, e => e.StartsWith("Accounts:0:ClientSecret: secrets are not accepted in the configuration file", StringComparison.Ordinal)
            && e.Contains("ClientSecretEnv", StringComparison.Ordinal));
        Assert.DoesNotContain("abc~def", error.Message);
    }

    [Fact]
    public void Settings_bind_from_the_file_and_environment_variables_override_them()
    {
        var file = WriteSettings("""
            { "Storage": { "DatabasePath": "/tmp/x.db" },
              "Auth": { "KeepAliveInterval": "3.00:00:00", "AdminAddresses": [ "ops@contoso.com" ] },
              "Accounts": [ { "Name": "oncall", "Mailbox": "oncall@contoso.com", "Protocol": "Pop3", "IncomingServer": "pop3s://outlook.office365.com",
                              "AuthKind": "ClientCredentials", "TenantId": "t", "ClientId": "c" } ] }
            """);
        var prefix = $"ACKTEST{Guid.NewGuid():N}__";
        Environment.SetEnvironmentVariable(prefix + "ACCOUNTS__0__CLIENTID", "from-env");
        Environment.SetEnvironmentVariable(prefix + "ACCOUNTS__0__CLIENTSECRET", "env-secret");
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(file).AddEnvironmentVariables(prefix).Build();

            var options = AckPollerConfiguration.LoadValidated(configuration, new AckPollerOptionsValidator(_ => null, _ => true));

            var account = Assert.Single(options.Accounts);
            Assert.Equal(("from-env", "env-secret", MailProtocol.Pop3), (account.ClientId, account.ClientSecret, account.Protocol));
            Assert.Equal(TimeSpan.FromDays(3), options.Auth.KeepAliveInterval);
            Assert.Equal(["ops@contoso.com"], options.Auth.AdminAddresses);
            Assert.Equal("https://login.microsoftonline.com/t", account.ResolvedAuthority);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "ACCOUNTS__0__CLIENTID", null);
            Environment.SetEnvironmentVariable(prefix + "ACCOUNTS__0__CLIENTSECRET", null);
        }
    }

    [Fact]
    public void A_wrong_enum_value_names_the_key()
    {
        var file = WriteSettings("""{ "Accounts": [ { "Name": "a", "AuthKind": "Kerberos" } ] }""");

        var error = Assert.Throws<ConfigurationException>(() => AckPollerConfiguration.LoadValidated(AckPollerConfiguration.Build(file, _dir.Path)));

        Assert.Contains("Accounts:0:AuthKind", error.Message);
    }

    private string WriteSettings(string json)
    {
        var file = _dir.File("appsettings.json");
        File.WriteAllText(file, json);
        return file;
    }
}
