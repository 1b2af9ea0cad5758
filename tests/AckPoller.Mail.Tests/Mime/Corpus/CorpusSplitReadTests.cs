using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Corpus;

/// <summary>ParseAsync over a stream that hands out the message in small pieces gives the same result as Parse.</summary>
[Trait("Category", "Unit")]
public class CorpusSplitReadTests
{
    public static TheoryData<string> Messages => CorpusFiles.Names();

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task One_byte_reads_parse_like_the_whole_buffer(string name)
    {
        var bytes = CorpusFiles.Read(name);
        var whole = MimeParser.Parse(bytes);
        var split = await MimeParser.ParseAsync(new ChunkedReadStream(bytes, _ => 1));
        AssertSameParse(whole, split);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task Random_size_reads_parse_like_the_whole_buffer(string name)
    {
        var bytes = CorpusFiles.Read(name);
        var whole = MimeParser.Parse(bytes);
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var random = new Random(seed);
            var split = await MimeParser.ParseAsync(new ChunkedReadStream(bytes, max => random.Next(1, Math.Min(max, 9000) + 1)));
            AssertSameParse(whole, split);
        }
    }

    private static void AssertSameParse(MimeMessage expected, MimeMessage actual)
    {
        Assert.True(expected.Raw.Span.SequenceEqual(actual.Raw.Span), "raw bytes differ");
        Assert.Equal(expected.Headers.Select(h => (h.Name, h.Value)), actual.Headers.Select(h => (h.Name, h.Value)));
        Assert.Equal(expected.Subject, actual.Subject);
        Assert.Equal(expected.From, actual.From);
        Assert.Equal(expected.To, actual.To);
        Assert.Equal(expected.MessageId, actual.MessageId);
        Assert.Equal(expected.References, actual.References);
        Assert.Equal(expected.Date, actual.Date);
        Assert.Equal(expected.GetTextBody(), actual.GetTextBody());
        Assert.Equal(expected.GetHtmlBody(), actual.GetHtmlBody());
        Assert.Equal(expected.Attachments.Select(a => (a.FileName, Convert.ToHexString(a.DecodeContent()))),
            actual.Attachments.Select(a => (a.FileName, Convert.ToHexString(a.DecodeContent()))));
        Assert.Equal(expected.AutoReply, actual.AutoReply);
        Assert.Equal(expected.Warnings, actual.Warnings);
    }
}
