namespace AckPoller.Mail.Mime;

/// <summary>A parsed Content-Disposition (RFC 2183): the disposition type in lower case and its parameters (RFC 2231 decoded).</summary>
public sealed class ContentDisposition
{
    public ContentDisposition(string disposition, IReadOnlyDictionary<string, string> parameters)
    {
        Disposition = disposition.ToLowerInvariant();
        Parameters = parameters;
    }

    /// <summary>"inline", "attachment" or whatever the sender wrote.</summary>
    public string Disposition { get; }

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public bool IsAttachment => Disposition == "attachment";

    public bool IsInline => Disposition == "inline";

    public string? FileName => Parameters.TryGetValue("filename", out var name) ? name : null;

    /// <summary>Parses an unfolded Content-Disposition value; null when there is no disposition type.</summary>
    public static ContentDisposition? Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var reader = new StructuredTextReader(value);
        reader.SkipCfws();
        var type = reader.ReadAtom(";");
        if (type.IsEmpty)
        {
            return null;
        }

        return new ContentDisposition(type.ToString(), ParameterListParser.Parse(value, reader.Position));
    }

    public override string ToString() => Disposition;
}
