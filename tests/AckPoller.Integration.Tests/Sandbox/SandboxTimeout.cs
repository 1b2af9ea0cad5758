namespace AckPoller.Integration.Tests.Sandbox;

/// <summary>Every sandbox smoke test finishes well within this; a hang fails the test instead of the run.</summary>
internal static class SandboxTimeout
{
    public static CancellationTokenSource Start() => new(TimeSpan.FromSeconds(20));
}
