using System.Text.RegularExpressions;
using AckPoller.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace AckPoller.Integration.Tests.Docs;

/// <summary>The example configurations (appsettings.json at the root, docker/appsettings.greenmail.json) parse with
/// their comments, bind, use only keys the options classes know, and validate once the secrets they name exist.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed partial class ExampleConfigurationTests
{
    private const string RootExample = "appsettings.json";
    private static readonly string DockerExample = Path.Combine("docker", "appsettings.greenmail.json");

    [Fact]
    public void The_root_example_is_valid_once_the_environment_variables_it_names_are_set()
    {
        var configuration = Load(RootExample);
        var environment = DummyEnvironment(configuration);

        var options = AckPollerConfiguration.LoadValidated(configuration, new AckPollerOptionsValidator(environment.GetValueOrDefault, File.Exists));

        Assert.Collection(options.Accounts,
            delegated =>
            {
                Assert.Equal(AccountAuthKind.DelegatedAuthorizationCode, delegated.AuthKind);
                Assert.Equal(MailProtocol.Imap, delegated.Protocol);
            },
            appOnly => Assert.Equal(AccountAuthKind.ClientCredentials, appOnly.AuthKind));
        Assert.False(string.IsNullOrEmpty(options.Notifications.SmtpServer), "the example shows a backup SMTP channel for admin notifications");
        Assert.StartsWith("./data/", options.Storage.DatabasePath, StringComparison.Ordinal);
        Assert.StartsWith("./data/", options.TokenCache.KeyFile, StringComparison.Ordinal);
    }

    [Fact]
    public void Until_its_secrets_exist_the_root_example_is_refused_and_each_message_names_its_key()
    {
        var configuration = Load(RootExample);

        var refused = Assert.Throws<ConfigurationException>(() =>
            AckPollerConfiguration.LoadValidated(configuration, new AckPollerOptionsValidator(_ => null, File.Exists)));

        string[] expected = ["Accounts:0:ClientSecretEnv", "Accounts:1:ClientSecretEnv", "Notifications:PasswordEnv"];
        Assert.Equal(expected, refused.Errors.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.All(refused.Errors, e => Assert.Contains("environment variable", e, StringComparison.Ordinal));
    }

    [Fact]
    public void The_delegated_redirect_uri_is_the_callback_the_web_endpoint_serves_by_default()
    {
        var options = AckPollerConfiguration.Bind(Load(RootExample));
        var redirect = new Uri(options.Accounts[0].RedirectUri!);
        var web = new Uri(options.Web.Url);

        Assert.Equal(new Uri(WebOptions.DefaultUrl), web);
        Assert.Equal("http", redirect.Scheme);
        Assert.Equal("localhost", redirect.Host);
        Assert.Equal(web.Port, redirect.Port);
        Assert.Equal("/oauth/callback", redirect.AbsolutePath);
    }

    [Fact]
    public void The_docker_example_is_valid_with_its_secrets_mounted()
    {
        var configuration = Load(DockerExample);
        var environment = DummyEnvironment(configuration);

        // Absolute paths name files mounted into the container (the Docker secret, the GreenMail certificate).
        var options = AckPollerConfiguration.LoadValidated(configuration,
            new AckPollerOptionsValidator(environment.GetValueOrDefault, path => Path.IsPathRooted(path) || File.Exists(path)));

        Assert.NotEmpty(options.Accounts);
        Assert.Equal("/data/ackpoller.db", options.Storage.DatabasePath);
    }

    [Theory]
    [InlineData(RootExample)]
    [InlineData("docker/appsettings.greenmail.json")]
    public void Every_key_in_an_example_is_an_option_AckPoller_reads(string file)
    {
        var configuration = Load(file);
        var unknown = configuration.AsEnumerable()
            .Where(pair => pair.Value is not null && !pair.Key.StartsWith("Logging:", StringComparison.Ordinal))
            .Select(pair => OptionKeys.Normalize(pair.Key))
            .Where(key => !OptionKeys.All.Contains(key))
            .ToList();

        Assert.True(unknown.Count == 0, $"{file} has keys no options class binds (typos?): {string.Join(", ", unknown)}");
    }

    [Theory]
    [InlineData(RootExample)]
    [InlineData("docker/appsettings.greenmail.json")]
    public void Every_key_shown_in_a_comment_is_an_option_AckPoller_reads(string file)
    {
        var text = RepositoryFiles.Read(file);
        var shown = CommentedKey().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        var unknown = shown.Where(name => !OptionKeys.Names.Contains(name)).ToList();

        Assert.True(unknown.Count == 0, $"{file} mentions keys in comments that no options class binds: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void The_root_example_shows_every_option()
    {
        var text = RepositoryFiles.Read(RootExample);
        var named = QuotedKey().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var missing = OptionKeys.Names.Where(name => !named.Contains(name)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"appsettings.json neither sets nor mentions: {string.Join(", ", missing)}");
    }

    private static IConfigurationRoot Load(string file) =>
        AckPollerConfiguration.Build(RepositoryFiles.PathOf(file), RepositoryFiles.RootDirectory);

    /// <summary>A value for every environment variable the configuration names (…Env keys); the token cache key is a
    /// real 32-byte base64 key because its format is checked.</summary>
    private static Dictionary<string, string?> DummyEnvironment(IConfiguration configuration)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (key.EndsWith("Env", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(value))
            {
                environment[value] = key == "TokenCache:KeyEnv" ? Convert.ToBase64String(new byte[32]) : "dummy-value-from-the-docs-test-0123456789";
            }
        }

        return environment;
    }

    [GeneratedRegex(@"//\s*""([A-Za-z]+)""\s*:")]
    private static partial Regex CommentedKey();

    [GeneratedRegex(@"""([A-Za-z]+)""\s*:")]
    private static partial Regex QuotedKey();
}
