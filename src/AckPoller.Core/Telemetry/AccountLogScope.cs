using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Telemetry;

/// <summary>The log scope that carries the account ("Account" in JSON logs' Scopes) around a poll and an IDLE listener,
/// so every entry written inside, down to the readers and the reply processor, can be filtered by account.</summary>
internal static class AccountLogScope
{
    private static readonly Func<ILogger, string, IDisposable?> Scope = LoggerMessage.DefineScope<string>("Account {Account}");

    public static IDisposable? Begin(ILogger logger, string account) => Scope(logger, account);
}
