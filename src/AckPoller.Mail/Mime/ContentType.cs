namespace AckPoller.Mail.Mime;

/// <summary>A parsed Content-Type (RFC 2045 §5): media type and subtype in lower case, and parameters (RFC 2231 decoded,
/// names case-insensitive).</summary>
public sealed class ContentType
{
    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    public ContentType(string mediaType, string mediaSubtype, IReadOnlyDictionary<string, string>? parameters = null)
    {
        MediaType = mediaType.ToLowerInvariant();
        MediaSubtype = mediaSubtype.ToLowerInvariant();
        Parameters = parameters ?? NoParameters;
    }

    /// <summary>RFC 2045's default: text/plain; charset=us-ascii.</summary>
    public static ContentType TextPlain { get; } = new("text", "plain");

    public static ContentType MessageRfc822 { get; } = new("message", "rfc822");

    public string MediaType { get; }

    public string MediaSubtype { get; }

    public string MimeType => MediaType + "/" + MediaSubtype;

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public string? Charset => GetParameter("charset");

    public string? Boundary => GetParameter("boundary");

    public string? Name => GetParameter("name");

    public bool IsMultipart => MediaType == "multipart";

    public bool IsText => MediaType == "text";

    public bool Is(string mediaType, string mediaSubtype) =>
        string.Equals(MediaType, mediaType, StringComparison.OrdinalIgnoreCase)
        && string.Equals(MediaSubtype, mediaSubtype, StringComparison.OrdinalIgnoreCase);

    public string? GetParameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses an unfolded Content-Type value; null when there is no usable type/subtype.</summary>
    public static ContentType? Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var reader = new StructuredTextReader(value);
        reader.SkipCfws();
        var type = reader.ReadAtom("/;");
        reader.SkipCfws();
        if (type.IsEmpty || !reader.TryConsume('/'))
        {
            return null;
        }

        reader.SkipCfws();
        var subtype = reader.ReadAtom(";");
        if (subtype.IsEmpty || !IsToken(type) || !IsToken(subtype))
        {
            return null;
        }

        var parameters = ParameterListParser.Parse(value, reader.Position);
        return new ContentType(type.ToString(), subtype.ToString(), parameters);
    }

    public override string ToString() => MimeType;

    private static bool IsToken(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c <= ' ' || c >= 0x7F || "()<>@,;:\\\"/[]?=".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
