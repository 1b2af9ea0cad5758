namespace AckPoller.Cli;

/// <summary>One problem `config check` found: the key it is about and what is wrong.</summary>
/// <param name="IsUnknownKey">True for a key no option reads (the binder ignores it); false for a bad value.</param>
internal sealed record ConfigurationProblem(string Key, string Message, bool IsUnknownKey)
{
    public override string ToString() => $"{Key}: {Message}";
}
