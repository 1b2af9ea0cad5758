using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class HtmlTextConverterTests
{
    [Fact]
    public void Style_script_and_head_are_dropped()
    {
        var text = HtmlTextConverter.ToText("<html><head><title>T</title><style>p{color:red}</style></head><body><script>alert(1)</script><p>ack</p></body></html>");
        Assert.Equal("ack", text);
    }

    [Fact]
    public void Block_elements_and_breaks_become_lines()
    {
        var text = HtmlTextConverter.ToText("<div>ack</div><div>thanks,<br>Bob</div><p>para   with\n  spaces</p><ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>");
        Assert.Equal("ack\nthanks,\nBob\npara with spaces\n- one\n- two\na\tb\nc", text);
    }

    [Fact]
    public void Blockquotes_are_marked_as_quoted()
    {
        var text = HtmlTextConverter.ToText("<div>ack</div><div><br></div><blockquote>Alert: disk full<br>host db1<blockquote>older</blockquote></blockquote>");
        Assert.Equal("ack\n\n> Alert: disk full\n> host db1\n> > older", text);
    }

    [Fact]
    public void Entities_decode_and_pre_keeps_lines()
    {
        Assert.Equal("a & b < c\nline 1\n  line 2", HtmlTextConverter.ToText("<p>a &amp; b &lt; c</p><pre>line 1\n  line 2</pre>"));
    }

    [Fact]
    public void Deep_nesting_does_not_overflow()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 20_000)) + "deep" + string.Concat(Enumerable.Repeat("</div>", 20_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("deep", HtmlTextConverter.ToText(html));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Deep_nesting_fallback_still_drops_scripts_and_keeps_lines()
    {
        var html = "<style>p{}</style>" + string.Concat(Enumerable.Repeat("<div>", 1000)) + "ack &amp; done<br>Bob<script>x()</script>" + string.Concat(Enumerable.Repeat("</div>", 1000));
        Assert.Equal("ack & done\nBob", HtmlTextConverter.ToText(html));
    }
}
