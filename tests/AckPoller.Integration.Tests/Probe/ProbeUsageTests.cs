using AckPoller.Cli;

namespace AckPoller.Integration.Tests.Probe;

/// <summary>Usage errors exit 64 with a message, before any connection is made.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public class ProbeUsageTests
{
    [Theory]
    [InlineData("ftp://mail.example.com", "Unknown scheme")]
    [InlineData("notaurl", "is not a URL")]
    [InlineData("imaps://mail.example.com --token-env SOME_TOKEN", "--user is required")]
    [InlineData("imaps://mail.example.com --user u --token-env A --password-env B", "only one of")]
    [InlineData("imaps://mail.example.com --send-to x@example.com", "--send-to only applies")]
    [InlineData("imaps://mail.example.com --user u --token-env ACKPOLLER_TEST_UNSET_VARIABLE", "ACKPOLLER_TEST_UNSET_VARIABLE is not set")]
    [InlineData("imaps://mail.example.com --auth cram-md5", "cram-md5")]
    [InlineData("imaps://mail.example.com --user u --token-file /nonexistent/token", "does not exist")]
    public async Task Bad_arguments_exit_64_with_a_clear_message(string arguments, string expected)
    {
        var (exitCode, _, error) = await ProbeRunner.RunAsync(arguments.Split(' '));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_password_comes_from_the_environment_and_is_never_printed()
    {
        Environment.SetEnvironmentVariable("ACKPOLLER_PROBE_TEST_PASSWORD", "hunter2-not-printed");
        var (exitCode, output, error) = await ProbeRunner.RunAsync("imaps://127.0.0.1:1", "--user", "u", "--password-env", "ACKPOLLER_PROBE_TEST_PASSWORD", "--trace");

        Assert.Equal(ExitCodes.ConnectionFailed, exitCode);
        Assert.DoesNotContain("hunter2", output + error, StringComparison.Ordinal);
    }
}
