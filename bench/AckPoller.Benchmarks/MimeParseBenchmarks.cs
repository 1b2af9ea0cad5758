using AckPoller.Mail.Mime;
using BenchmarkDotNet.Attributes;

namespace AckPoller.Benchmarks;

/// <summary>Parse throughput: a 177 KB multipart message with attachments and a typical small reply.
/// "Parse + text" also extracts the best text body, which is what the engine does with every reply.</summary>
[MemoryDiagnoser]
public class MimeParseBenchmarks
{
    private byte[] _multipart = [];
    private byte[] _reply = [];

    [GlobalSetup]
    public void Setup()
    {
        _multipart = File.ReadAllBytes(RepositoryPaths.Corpus("bench-177k-multipart.eml"));
        _reply = File.ReadAllBytes(RepositoryPaths.Corpus("bench-4k-reply.eml"));
    }

    [Benchmark]
    public MimeMessage Parse_177KB_multipart() => MimeParser.Parse(_multipart);

    [Benchmark]
    public MimeMessage Parse_4KB_reply() => MimeParser.Parse(_reply);

    [Benchmark]
    public string? Parse_and_extract_text_4KB_reply() => MimeParser.Parse(_reply).GetTextBody();

    [Benchmark]
    public int Parse_and_decode_attachments_177KB()
    {
        var message = MimeParser.Parse(_multipart);
        var total = 0;
        foreach (var attachment in message.Attachments)
        {
            total += attachment.DecodeContent().Length;
        }

        return total;
    }
}
