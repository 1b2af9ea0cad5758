namespace AckPoller.TestSupport;

/// <summary>The xunit trait that separates the test kinds: <c>dotnet test --filter Category=Unit</c> runs the tests that need
/// nothing but the build (in-process, scripted servers on loopback, temporary SQLite files), in seconds; <c>Sandbox</c>
/// tests need the real servers the test scripts install and start (Dovecot, Postfix, PostgreSQL, Prometheus,
/// Alertmanager, Chromium) or the built worker as a child process. Every test class carries one of the two
/// (TestCategoryTests keeps it so).</summary>
public static class TestCategory
{
    public const string Name = "Category";
    public const string Unit = "Unit";
    public const string Sandbox = "Sandbox";
}
