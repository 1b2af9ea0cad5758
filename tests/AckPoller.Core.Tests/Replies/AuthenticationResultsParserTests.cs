using AckPoller.Core.Replies;

namespace AckPoller.Core.Tests.Replies;

/// <summary>RFC 8601 header values, including the examples of its appendix B and what big receivers write.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class AuthenticationResultsParserTests
{
    [Fact]
    public void Gmail_style_header_with_comments_and_properties()
    {
        var results = AuthenticationResultsParser.Parse(
            "mx.google.com;\r\n       dkim=pass header.i=@contoso.example header.s=s1 header.b=\"Ab+/=\";\r\n       spf=pass (google.com: domain of priya@contoso.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=priya@contoso.example;\r\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=contoso.example")!;

        Assert.Equal("mx.google.com", results.AuthServId);
        Assert.Equal(["dkim", "spf", "dmarc"], results.Results.Select(r => r.Method));
        Assert.Equal("pass", results.Find("dmarc")!.Result);
        Assert.Equal("contoso.example", results.Find("DMARC")!.Property("header.from"));
        Assert.Equal("Ab+/=", results.Find("dkim")!.Property("header.b"));
        Assert.Equal("priya@contoso.example", results.Find("spf")!.Property("smtp.mailfrom"));
    }

    [Fact]
    public void Version_reason_and_method_version_are_understood()
    {
        var results = AuthenticationResultsParser.Parse("example.com 1; auth/1=pass (cram-md5) smtp.auth=sender@example.net; spf = fail reason=\"not permitted\" smtp.mailfrom=example.net")!;

        Assert.Equal("example.com", results.AuthServId);
        Assert.Equal("pass", results.Find("auth")!.Result);
        Assert.Equal("fail", results.Find("spf")!.Result);
        Assert.Equal("not permitted", results.Find("spf")!.Reason);
    }

    [Fact]
    public void Comments_may_nest_and_hide_semicolons()
    {
        var results = AuthenticationResultsParser.Parse("(front (nested; comment)) mx.example.org (trailing; comment) ; dmarc=fail (p=none; \\) dis=none) header.from=example.org")!;

        Assert.Equal("mx.example.org", results.AuthServId);
        var dmarc = Assert.Single(results.Results);
        Assert.Equal("fail", dmarc.Result);
        Assert.Equal("example.org", dmarc.Property("header.from"));
    }

    [Fact]
    public void None_gives_no_results()
    {
        var results = AuthenticationResultsParser.Parse("example.org 1; none")!;

        Assert.Equal("example.org", results.AuthServId);
        Assert.Empty(results.Results);
    }

    [Fact]
    public void A_malformed_entry_is_skipped_and_the_rest_kept()
    {
        var results = AuthenticationResultsParser.Parse("mx.example.org; garbage here; dmarc=pass header.from=example.org; =; spf")!;

        Assert.Equal("dmarc", Assert.Single(results.Results).Method);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("; dmarc=pass")]
    public void Headers_without_an_authserv_id_give_nothing(string value)
    {
        Assert.Null(AuthenticationResultsParser.Parse(value));
    }

    [Fact]
    public void An_oversized_header_gives_nothing()
    {
        Assert.Null(AuthenticationResultsParser.Parse("mx.example.org; " + new string('(', AuthenticationResultsParser.MaxLength)));
    }
}
