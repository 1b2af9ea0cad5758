using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class ParameterListParserTests
{
    [Fact]
    public void Rfc_2231_continuations_join()
    {
        var type = ContentType.Parse("message/external-body; access-type=URL;\r\n URL*0=\"ftp://\";\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"")!;
        Assert.Equal("ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar", type.GetParameter("url"));
        Assert.Equal("URL", type.GetParameter("access-type"));
    }

    [Fact]
    public void Rfc_2231_charset_and_language()
    {
        var type = ContentType.Parse("application/x-stuff;\r\n title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A")!;
        Assert.Equal("This is ***fun***", type.GetParameter("title"));
    }

    [Fact]
    public void Rfc_2231_mixed_encoded_and_plain_sections()
    {
        var type = ContentType.Parse("application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\"")!;
        Assert.Equal("This is even more ***fun*** isn't it!", type.GetParameter("title"));
    }

    [Fact]
    public void A_utf8_character_split_across_sections_survives_and_sections_may_come_out_of_order()
    {
        var parameters = ParameterListParser.Parse("; filename*1*=%AC.txt; filename*0*=UTF-8''%E2%82");
        Assert.Equal("€.txt", parameters["filename"]);
    }

    [Fact]
    public void Extended_value_wins_over_the_plain_fallback()
    {
        var disposition = ContentDisposition.Parse("attachment; filename=\"fallback.pdf\"; filename*=utf-8''%C3%A9l%C3%A8ve.pdf")!;
        Assert.True(disposition.IsAttachment);
        Assert.Equal("élève.pdf", disposition.FileName);
    }

    [Fact]
    public void Encoded_words_in_quoted_values_are_decoded_as_mailers_send_them()
    {
        var type = ContentType.Parse("application/pdf; name=\"=?UTF-8?B?w6lsw6h2ZS5wZGY=?=\"")!;
        Assert.Equal("élève.pdf", type.Name);
    }

    [Fact]
    public void Lenient_with_spaces_comments_case_and_stray_semicolons()
    {
        var type = ContentType.Parse(" TEXT / Plain ; CHARSET = \"ISO-8859-1\" ;; format=flowed (comment);name=my file.txt;")!;
        Assert.Equal("text", type.MediaType);
        Assert.Equal("plain", type.MediaSubtype);
        Assert.Equal("ISO-8859-1", type.Charset);
        Assert.Equal("flowed", type.GetParameter("Format"));
        Assert.Equal("my file.txt", type.Name);
    }

    [Fact]
    public void Quoted_strings_unescape()
    {
        var parameters = ParameterListParser.Parse("; name=\"a \\\"quoted\\\" \\\\ name\"");
        Assert.Equal("a \"quoted\" \\ name", parameters["name"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("text")]
    [InlineData("/plain")]
    [InlineData("text/")]
    [InlineData("te xt/plain")]
    public void Unusable_content_types_are_null(string value) => Assert.Null(ContentType.Parse(value));

    [Fact]
    public void A_gap_in_sections_stops_the_value()
    {
        var parameters = ParameterListParser.Parse("; a*0=one; a*2=three");
        Assert.Equal("one", parameters["a"]);
    }
}
