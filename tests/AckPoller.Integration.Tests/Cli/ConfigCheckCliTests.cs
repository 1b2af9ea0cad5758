using AckPoller.Cli;

namespace AckPoller.Integration.Tests.Cli;

/// <summary>`ackpoller config check`: every problem of a broken configuration at once, each with its key; a one-line
/// summary and exit 0 for a good one. Runs the real command on real files and the real environment.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ConfigCheckCliTests
{
    [Fact]
    public async Task A_good_configuration_passes_with_a_one_line_summary()
    {
        using var folder = new CliFolder();
        var config = await folder.PasswordConfigAsync();

        var result = await CliRun.RunAsync("config", "check", "--config", config);

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Configuration OK: {config}: 1 account: oncall (alerts@northwind.example, imap, password)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_configuration_lists_every_problem_at_once_with_its_key()
    {
        using var folder = new CliFolder();
        var missingSecret = "ACKPOLLER_CLI_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var config = await folder.WriteAsync("broken.json", $$"""
            {
              // comments are allowed, as in the shipped appsettings.json
              "Storage": { "DatabasePath": "{{Path.Combine(folder.Path, "db.sqlite")}}", "BusyTimeout": "soon" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(folder.Path, "cache.key")}}" },
              "Acounts": [ { "Name": "typo" } ],
              "Scheduling": { "OutboxIntervall": "00:00:05" },
              "Accounts": [
                { "Name": "app", "Mailbox": "alerts@contoso.example", "IncomingServer": "imaps://outlook.office365.com",
                  "AuthKind": "ClientCredentials", "TenantId": "t", "ClientId": "c",
                  "ClientSecrt": "oops", "ClientSecretEnv": "{{missingSecret}}",
                  "Polling": { "Idle": "sometimes" }, "IdleFolder": "INBOX" },
                { "Name": "second", "Mailbox": "x@contoso.example", "Protocol": "Imap4", "IncomingServer": "imaps://outlook.office365.com",
                  "AuthKind": "Kerberos" },
                { "Name": "third", "IncomingServer": "imaps://outlook.office365.com", "AuthKind": "Password", "PasswordEnv": "{{folder.PasswordVariable}}" }
              ]
            }
            """);

        var result = await CliRun.RunAsync("config", "check", "--config", config);

        Assert.True(result.Exit == ExitCodes.BadConfiguration, result.ToString());
        var expected = new[]
        {
            "Storage:BusyTimeout: 'soon' is not valid",
            "Acounts: unknown setting (did you mean 'Accounts'?)",
            "Scheduling:OutboxIntervall: unknown setting (did you mean 'OutboxInterval'?)",
            "Accounts:0:ClientSecrt: unknown setting (did you mean 'ClientSecret'?)",
            $"Accounts:0:ClientSecretEnv: environment variable {missingSecret}",
            "Accounts:0:Polling:Idle: 'sometimes' is not valid; expected true or false",
            "Accounts:0:IdleFolder: unknown setting (did you mean 'Polling:IdleFolder'?)",
            "Accounts:1:Protocol: 'Imap4' is not valid; expected one of Imap, Pop3",
            "Accounts:1:AuthKind: 'Kerberos' is not valid",
            "Accounts:2:Mailbox:",
        };
        foreach (var problem in expected)
        {
            Assert.True(result.Output.Contains("  " + problem, StringComparison.Ordinal), $"missing \"{problem}\" in:\n{result}");
        }

        Assert.DoesNotContain("Accounts:1:RedirectUri", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("oops", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"\d+ problems:", result.Output);
    }

    [Fact]
    public async Task An_unknown_key_from_the_environment_names_the_variable()
    {
        using var folder = new CliFolder();
        var config = await folder.PasswordConfigAsync();
        var variable = $"ACKPOLLER__Accounts__0__PasswordEnvv";
        Environment.SetEnvironmentVariable(variable, "x");
        try
        {
            var result = await CliRun.RunAsync("config", "check", "--config", config);

            Assert.True(result.Exit == ExitCodes.BadConfiguration, result.ToString());
            Assert.Contains($"Accounts:0:PasswordEnvv: unknown setting (did you mean 'PasswordEnv'?) (from environment variable {variable})", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task A_secret_in_the_file_and_a_missing_file_are_problems_too()
    {
        using var folder = new CliFolder();
        var withSecret = await folder.WriteAsync("secret.json", """
            { "Accounts": [ { "Name": "a", "Mailbox": "a@contoso.example", "IncomingServer": "imaps://outlook.office365.com",
                              "AuthKind": "Password", "Password": "hunter2" } ] }
            """);

        var secret = await CliRun.RunAsync("config", "check", "--config", withSecret);
        var missing = await CliRun.RunAsync("config", "check", "--config", Path.Combine(folder.Path, "nope.json"));
        var notJson = await CliRun.RunAsync("config", "check", "--config", await folder.WriteAsync("bad.json", "{ \"Accounts\": [ "));

        Assert.True(secret.Exit == ExitCodes.BadConfiguration, secret.ToString());
        Assert.Contains("Accounts:0:Password: secrets are not accepted in the configuration file", secret.Output, StringComparison.Ordinal);
        Assert.Contains("1 problem:", secret.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", secret.Output, StringComparison.Ordinal);
        Assert.True(missing.Exit == ExitCodes.BadConfiguration && missing.Output.Contains("does not exist", StringComparison.Ordinal), missing.ToString());
        Assert.True(notJson.Exit == ExitCodes.BadConfiguration && notJson.Output.Contains("bad.json", StringComparison.Ordinal), notJson.ToString());
    }

    [Fact]
    public async Task Other_commands_refuse_an_invalid_configuration_with_exit_3_and_point_to_config_check()
    {
        using var folder = new CliFolder();
        var config = await folder.WriteAsync("empty.json", "{}");

        foreach (var args in new[] { new[] { "acks" }, ["alerts"], ["accounts"], ["alert", "show", "AP-000000"], ["test", "x"] })
        {
            var result = await CliRun.RunAsync([.. args, "--config", config]);
            Assert.True(result.Exit == ExitCodes.BadConfiguration, string.Join(' ', args) + ": " + result);
            Assert.Contains("ackpoller config check", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_describes_every_command()
    {
        var root = await CliRun.RunAsync("--help");
        Assert.Equal(ExitCodes.Ok, root.Exit);
        foreach (var command in new[] { "run", "alert", "alerts", "acks", "accounts", "auth", "test", "config", "explain", "probe" })
        {
            Assert.Matches($"(?m)^  {command}\\s+\\S", root.Output);
        }

        foreach (var args in new[] { new[] { "alert", "raise" }, ["alert", "register"], ["alert", "show"], ["alerts"], ["acks"], ["accounts"], ["test"], ["config", "check"] })
        {
            var help = await CliRun.RunAsync([.. args, "--help"]);
            Assert.True(help.Exit == ExitCodes.Ok && help.Output.Contains("--config", StringComparison.Ordinal), string.Join(' ', args) + ": " + help);
        }
    }
}
