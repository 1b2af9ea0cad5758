using System.Diagnostics;
using AckPoller.Core.Replies;

namespace AckPoller.Core.Tests.Replies;

/// <summary>Bodies built to be slow or huge are read quickly and give a bounded result.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class HostileBodyTests
{
    [Fact]
    public void Deeply_nested_html_skips_the_dom_and_still_finds_the_new_text()
    {
        var html = "<div>ack</div>" + string.Concat(Enumerable.Repeat("<div>", 50_000)) + "deep" + string.Concat(Enumerable.Repeat("</div>", 50_000));
        var watch = Stopwatch.StartNew();

        var text = QuoteStripper.ExtractFromHtml(html);

        Assert.StartsWith("ack", text, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Long_lines_that_look_like_markers_are_not_matched_slowly()
    {
        var body = "ack\n" + string.Concat(Enumerable.Repeat("On and on ", 100_000)) + "\n" + string.Concat(Enumerable.Repeat("From: x ", 50_000)) + "\nSent: y\n> quote";
        var watch = Stopwatch.StartNew();

        var text = QuoteStripper.ExtractFromText(body);

        Assert.StartsWith("ack\nOn and on", text, StringComparison.Ordinal);
        Assert.True(text.Length <= 256 * 1024);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }
}
