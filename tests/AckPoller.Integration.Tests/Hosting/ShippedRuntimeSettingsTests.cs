using AckPoller.Integration.Tests.Docs;

namespace AckPoller.Integration.Tests.Hosting;

/// <summary>Issue 11, steady memory: the long-running worker runs without tiered compilation wherever we ship a way to
/// run it as a service (the Debian package's unit, the container image, the README's unit for the single file), while
/// the build itself keeps tiered compilation for the CLI's start-up (README, Budgets).</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ShippedRuntimeSettingsTests
{
    [Fact]
    public void The_service_unit_the_container_and_the_readme_unit_turn_tiered_compilation_off_for_the_worker()
    {
        var unit = File.ReadAllLines(RepositoryFiles.PathOf("packaging", "debian", "ackpoller.service"));
        Assert.Contains("Environment=DOTNET_TieredCompilation=0", unit);

        var dockerfile = File.ReadAllText(RepositoryFiles.PathOf("docker", "Dockerfile"));
        Assert.Contains("DOTNET_TieredCompilation=0", dockerfile, StringComparison.Ordinal);

        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        var readmeUnit = readme[readme.IndexOf("ExecStart=/opt/ackpoller/ackpoller run", StringComparison.Ordinal)..];
        Assert.Contains("Environment=DOTNET_TieredCompilation=0", readmeUnit[..readmeUnit.IndexOf("[Install]", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_keeps_tiered_compilation_for_the_command_line()
    {
        var project = File.ReadAllText(RepositoryFiles.PathOf("src", "AckPoller", "AckPoller.csproj"));
        Assert.DoesNotContain("<TieredCompilation>", project, StringComparison.Ordinal);
        Assert.DoesNotContain("<TieredCompilation ", project, StringComparison.Ordinal);
    }
}
