using AckPoller.Core.Configuration;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace AckPoller.Core.Tests.Configuration;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AccessTokenValidationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static MailAccountOptions Account(Action<MailAccountOptions> change)
    {
        var account = new MailAccountOptions
        {
            Name = "relay",
            Mailbox = "relay@example.com",
            IncomingServer = "imaps://mail.example.com:993",
            AuthKind = AccountAuthKind.AccessToken,
        };
        change(account);
        return account;
    }

    private static IReadOnlyList<string> Validate(MailAccountOptions account)
    {
        var options = new AckPollerOptions();
        options.Accounts.Add(account);
        return new AckPollerOptionsValidator(name => name == "TOKEN" ? "value" : null, path => path == "/run/secrets/token").Collect(options);
    }

    [Fact]
    public void A_token_from_an_existing_file_or_a_set_variable_is_valid()
    {
        Assert.Empty(Validate(Account(a => a.AccessTokenFile = "/run/secrets/token")));
        Assert.Empty(Validate(Account(a => a.AccessTokenEnv = "TOKEN")));
    }

    [Fact]
    public void Neither_source_is_refused_naming_the_key()
    {
        var errors = Validate(Account(_ => { }));

        Assert.Contains(errors, e => e.StartsWith("Accounts:0:AccessTokenFile: AuthKind AccessToken needs the token", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("ClientId", StringComparison.Ordinal) || e.Contains("PasswordEnv", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_sources_are_refused()
    {
        var errors = Validate(Account(a => { a.AccessTokenFile = "/run/secrets/token"; a.AccessTokenEnv = "TOKEN"; }));

        Assert.Contains(errors, e => e.StartsWith("Accounts:0:AccessTokenFile: give the access token one way only", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unset_variable_is_refused_naming_the_key()
    {
        var errors = Validate(Account(a => a.AccessTokenEnv = "MISSING"));

        Assert.Contains("Accounts:0:AccessTokenEnv: environment variable MISSING is not set or empty.", errors);
    }

    [Fact]
    public void A_missing_file_is_refused_naming_the_key()
    {
        var errors = Validate(Account(a => a.AccessTokenFile = "/nowhere/token"));

        Assert.Contains("Accounts:0:AccessTokenFile: file '/nowhere/token' does not exist.", errors);
    }

    [Fact]
    public void A_literal_token_in_the_file_is_refused_and_not_repeated()
    {
        var file = _dir.File("appsettings.json");
        File.WriteAllText(file, """{ "Accounts": [ { "Name": "relay", "AuthKind": "AccessToken", "AccessToken": "eyJ.secret.token" } ] }""");

        var error = Assert.Throws<ConfigurationException>(() => AckPollerConfiguration.LoadValidated(AckPollerConfiguration.Build(file, _dir.Path)));

        Assert.Contains(error.Errors, e => e.StartsWith("Accounts:0:AccessToken: secrets are not accepted in the configuration file", StringComparison.Ordinal)
            && e.Contains("AccessTokenEnv", StringComparison.Ordinal) && e.Contains("AccessTokenFile", StringComparison.Ordinal));
        Assert.DoesNotContain("eyJ.secret.token", error.Message);
    }

    [Fact]
    public void A_token_from_the_environment_override_is_accepted_like_other_secrets()
    {
        var file = _dir.File("appsettings.json");
        File.WriteAllText(file, """
            { "Accounts": [ { "Name": "relay", "Mailbox": "relay@example.com", "IncomingServer": "imaps://mail.example.com", "AuthKind": "AccessToken" } ] }
            """);
        var prefix = $"ACKTEST{Guid.NewGuid():N}__";
        Environment.SetEnvironmentVariable(prefix + "ACCOUNTS__0__ACCESSTOKEN", "env-token");
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(file).AddEnvironmentVariables(prefix).Build();

            var options = AckPollerConfiguration.LoadValidated(configuration, new AckPollerOptionsValidator(_ => null, _ => true));

            var account = Assert.Single(options.Accounts);
            Assert.Equal("env-token", new SecretResolver(_ => null).AccessToken(account));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "ACCOUNTS__0__ACCESSTOKEN", null);
        }
    }

    [Fact]
    public void The_token_file_is_read_again_at_every_call()
    {
        var token = _dir.File("token");
        var account = Account(a => a.AccessTokenFile = token);
        var secrets = new SecretResolver(_ => null);

        File.WriteAllText(token, "first\n");
        var first = secrets.AccessToken(account);
        File.WriteAllText(token, "second");

        Assert.Equal(("first", "second"), (first, secrets.AccessToken(account)));
    }
}
