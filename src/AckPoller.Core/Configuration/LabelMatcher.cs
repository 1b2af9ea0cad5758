namespace AckPoller.Core.Configuration;

/// <summary>An Alertmanager-style equality matcher, <c>name=value</c> or <c>name="value"</c> (the only operator AckPoller's
/// routes need; regular-expression and negative matchers are refused at start rather than half-supported).</summary>
internal sealed record LabelMatcher(string Name, string Value)
{
    public static bool TryParse(string? text, out LabelMatcher matcher, out string why)
    {
        matcher = new LabelMatcher(string.Empty, string.Empty);
        why = string.Empty;
        var trimmed = text?.Trim() ?? string.Empty;
        var eq = trimmed.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            why = "is not a matcher; write name=value, e.g. team=db.";
            return false;
        }

        var name = trimmed[..eq].Trim();
        var value = trimmed[(eq + 1)..].Trim();
        if (name.EndsWith('!') || value.StartsWith('~') || value.StartsWith('='))
        {
            why = "uses an operator other than '='; only equality matchers are supported.";
            return false;
        }

        if (!IsLabelName(name))
        {
            why = $"has '{name}', which is not a label name ([a-zA-Z_][a-zA-Z0-9_]*).";
            return false;
        }

        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        }

        matcher = new LabelMatcher(name, value);
        return true;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(Name, out var actual) ? string.Equals(actual, Value, StringComparison.Ordinal) : Value.Length == 0;

    private static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
