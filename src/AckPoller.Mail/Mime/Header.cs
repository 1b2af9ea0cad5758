namespace AckPoller.Mail.Mime;

/// <summary>One header field. The raw bytes are kept as they arrived (folding included); text is made only when asked.</summary>
public sealed class Header
{
    private string? unfolded;
    private string? value;

    public Header(string name, ReadOnlyMemory<byte> rawValue)
    {
        Name = name;
        RawValue = rawValue;
    }

    public string Name { get; }

    /// <summary>The bytes after the colon up to (not including) the line break that ends the field.</summary>
    public ReadOnlyMemory<byte> RawValue { get; }

    /// <summary>Unfolded, trimmed, RFC 2047-decoded text.</summary>
    public string Value => value ??= EncodedWordDecoder.Decode(UnfoldedText);

    /// <summary>Unfolded and trimmed but not RFC 2047-decoded: the input for structured parsers (addresses, parameters).</summary>
    internal string UnfoldedText => unfolded ??= HeaderTextDecoder.Unfold(RawValue.Span);

    public override string ToString() => $"{Name}: {Value}";
}
