namespace AckPoller.Mail.Mime;

/// <summary>Limits that keep hostile messages from costing unbounded time or memory. Exceeding a content limit gives a warning and
/// a best-effort result; only <see cref="MaxMessageSize"/> is an error.</summary>
public sealed record MimeParserOptions
{
    public static MimeParserOptions Default { get; } = new();

    /// <summary>Bytes in one header block (message or part); the rest of the block is skipped with a warning.</summary>
    public int MaxHeaderBlockBytes { get; init; } = 256 * 1024;

    /// <summary>Header fields kept per block; further fields are skipped with a warning.</summary>
    public int MaxHeaders { get; init; } = 1000;

    /// <summary>Nested multiparts/messages below this depth are kept as opaque parts with a warning.</summary>
    public int MaxNestingDepth { get; init; } = 100;

    /// <summary>Entities in the whole message; once reached, remaining parts are not split out (warning).</summary>
    public int MaxParts { get; init; } = 10_000;

    /// <summary>Larger messages are refused with <see cref="MimeMessageTooLargeException"/>.</summary>
    public long MaxMessageSize { get; init; } = 64L * 1024 * 1024;
}
