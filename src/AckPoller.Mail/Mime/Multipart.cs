namespace AckPoller.Mail.Mime;

/// <summary>A multipart entity (RFC 2046 §5.1): its boundary, its parts, and the raw preamble and epilogue.</summary>
public sealed class Multipart : MimeEntity
{
    private readonly List<MimeEntity> parts = [];

    internal Multipart(HeaderList headers, ContentType contentType, ReadOnlyMemory<byte> raw, string boundary)
        : base(headers, contentType, raw)
    {
        Boundary = boundary;
    }

    public string Boundary { get; }

    public IReadOnlyList<MimeEntity> Parts => parts;

    /// <summary>Bytes before the first boundary (ignored by MIME readers).</summary>
    public ReadOnlyMemory<byte> Preamble { get; internal set; }

    /// <summary>Bytes after the closing boundary.</summary>
    public ReadOnlyMemory<byte> Epilogue { get; internal set; }

    /// <summary>False when the closing "--boundary--" line was missing (the last part then runs to the end).</summary>
    public bool HasFinalBoundary { get; internal set; }

    internal void Add(MimeEntity part) => parts.Add(part);
}
