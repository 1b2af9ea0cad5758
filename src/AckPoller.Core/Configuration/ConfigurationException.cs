namespace AckPoller.Core.Configuration;

/// <summary>The configuration cannot be used; each error names its key.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(IReadOnlyList<string> errors, Exception? innerException = null)
        : base("Invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors), innerException)
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
