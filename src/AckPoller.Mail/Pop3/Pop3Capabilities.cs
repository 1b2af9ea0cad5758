using System.Text;

namespace AckPoller.Mail.Pop3;

/// <summary>What a CAPA answer (RFC 2449) says: the capability tags and the SASL mechanisms.</summary>
internal sealed class Pop3Capabilities
{
    private readonly HashSet<string> _tags = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _mechanisms = [];

    public static Pop3Capabilities Empty { get; } = new();

    public IReadOnlySet<string> Tags => _tags;

    public IReadOnlyList<string> Mechanisms => _mechanisms;

    /// <summary>Adds one CAPA line, e.g. "SASL XOAUTH2 PLAIN" or "TOP".</summary>
    public void Add(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line).Trim();
        if (text.Length == 0)
        {
            return;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var tag = words[0].ToUpperInvariant();
        _tags.Add(tag);
        if (tag == "SASL")
        {
            foreach (var mechanism in words.AsSpan(1))
            {
                var name = mechanism.ToUpperInvariant();
                if (!_mechanisms.Contains(name))
                {
                    _mechanisms.Add(name);
                }
            }
        }
    }
}
