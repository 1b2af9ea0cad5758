namespace AckPoller.Mail.Mime;

/// <summary>State shared by one parse: the options, the warnings so far and the entity count.</summary>
internal sealed class MimeParseContext
{
    private const int MaxWarnings = 1000;

    public MimeParseContext(MimeParserOptions options)
    {
        Options = options;
    }

    public MimeParserOptions Options { get; }

    public List<string> Warnings { get; } = [];

    public int EntityCount { get; set; }

    public bool PartLimitReported { get; set; }

    public void Warn(string warning)
    {
        if (Warnings.Count < MaxWarnings)
        {
            Warnings.Add(warning);
        }
        else if (Warnings.Count == MaxWarnings)
        {
            Warnings.Add("Too many warnings; further ones were dropped.");
        }
    }
}
