namespace AckPoller.Cli;

/// <summary>A value the parser accepted but the command cannot use (a bad --since, an unknown --state): exit 64.
/// The message starts with the option's name.</summary>
internal sealed class CommandUsageException : Exception
{
    public CommandUsageException(string option, string problem)
        : base($"{option}: {problem}")
    {
        Option = option;
    }

    public string Option { get; }
}
