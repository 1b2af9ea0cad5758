using System.Collections.Frozen;
using System.Globalization;

namespace AckPoller.Mail.Smtp;

/// <summary>What an EHLO reply advertises: keywords (upper-case), AUTH mechanisms and the SIZE limit.</summary>
internal sealed class SmtpExtensions
{
    public static readonly SmtpExtensions None = new(FrozenSet<string>.Empty, [], null, null);

    private SmtpExtensions(IReadOnlySet<string> keywords, IReadOnlyList<string> mechanisms, long? maxMessageSize, string? sizeLine)
    {
        Keywords = keywords;
        AuthenticationMechanisms = mechanisms;
        MaxMessageSize = maxMessageSize;
        SizeLine = sizeLine;
    }

    public IReadOnlySet<string> Keywords { get; }

    public IReadOnlyList<string> AuthenticationMechanisms { get; }

    /// <summary>The SIZE limit; null when not advertised or advertised as 0 (no fixed limit, RFC 1870).</summary>
    public long? MaxMessageSize { get; }

    /// <summary>The SIZE line as the server wrote it, quoted when refusing a message up front.</summary>
    public string? SizeLine { get; }

    /// <summary>Parses the lines of a 250 EHLO reply; the first line is the greeting, each further line one extension.</summary>
    public static SmtpExtensions Parse(SmtpReply reply)
    {
        var keywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var mechanisms = new List<string>();
        long? maxSize = null;
        string? sizeLine = null;
        for (var i = 1; i < reply.Lines.Count; i++)
        {
            var line = reply.Lines[i].Trim();
            var split = line.IndexOfAny([' ', '=']);
            var keyword = (split < 0 ? line : line[..split]).ToUpperInvariant();
            var parameters = split < 0 ? string.Empty : line[(split + 1)..];
            if (keyword.Length == 0)
            {
                continue;
            }

            keywords.Add(keyword);
            if (keyword == "AUTH")
            {
                // "AUTH=PLAIN LOGIN" is the pre-RFC 4954 form some servers still send alongside "AUTH PLAIN LOGIN".
                foreach (var mechanism in parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var name = mechanism.ToUpperInvariant();
                    if (!mechanisms.Contains(name))
                    {
                        mechanisms.Add(name);
                    }
                }
            }
            else if (keyword == "SIZE")
            {
                sizeLine = line;
                maxSize = long.TryParse(parameters.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0 ? size : null;
            }
        }

        return new SmtpExtensions(keywords.ToFrozenSet(StringComparer.OrdinalIgnoreCase), mechanisms, maxSize, sizeLine);
    }
}
