using AckPoller.Mail.Mime;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AckPoller.Benchmarks;

/// <summary>Our MIME parser side by side with MimeKit 4.18 (a bench-only reference, never in src/) on the same inputs in the same
/// run: the bench's 2.6 KB reply and 177 KB multipart. Each pair does what the reply engine does with a message: parse it and
/// take the text body; the multipart also has both attachments decoded. MimeKit parses from a MemoryStream over the same
/// bytes (its usual entry point; persistent=false, so content is copied as it parses).</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MimeKitComparisonBenchmarks
{
    private byte[] _multipart = [];
    private byte[] _reply = [];

    [GlobalSetup]
    public void Setup()
    {
        _multipart = File.ReadAllBytes(RepositoryPaths.Corpus("bench-177k-multipart.eml"));
        _reply = File.ReadAllBytes(RepositoryPaths.Corpus("bench-4k-reply.eml"));
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("reply: parse + text")]
    public string? MimeKit_reply_parse_and_text() => Load(_reply).TextBody;

    [Benchmark]
    [BenchmarkCategory("reply: parse + text")]
    public string? Ours_reply_parse_and_text() => MimeParser.Parse(_reply).GetTextBody();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("multipart: parse + text")]
    public string? MimeKit_multipart_parse_and_text() => Load(_multipart).TextBody;

    [Benchmark]
    [BenchmarkCategory("multipart: parse + text")]
    public string? Ours_multipart_parse_and_text() => MimeParser.Parse(_multipart).GetTextBody();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("multipart: parse + text + attachments")]
    public long MimeKit_multipart_parse_text_and_attachments()
    {
        var message = Load(_multipart);
        long total = message.TextBody?.Length ?? 0;
        foreach (var attachment in message.Attachments)
        {
            if (attachment is MimeKit.MimePart { Content: { } content })
            {
                using var decoded = new MemoryStream();
                content.DecodeTo(decoded);
                total += decoded.Length;
            }
        }

        return total;
    }

    [Benchmark]
    [BenchmarkCategory("multipart: parse + text + attachments")]
    public long Ours_multipart_parse_text_and_attachments()
    {
        var message = MimeParser.Parse(_multipart);
        long total = message.GetTextBody()?.Length ?? 0;
        foreach (var attachment in message.Attachments)
        {
            total += attachment.DecodeContent().Length;
        }

        return total;
    }

    private static MimeKit.MimeMessage Load(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return MimeKit.MimeMessage.Load(stream);
    }
}
