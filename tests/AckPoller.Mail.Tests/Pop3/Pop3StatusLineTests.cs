using System.Text;
using AckPoller.Mail.Pop3;

namespace AckPoller.Mail.Tests.Pop3;

[Trait("Category", "Unit")]
public class Pop3StatusLineTests
{
    [Theory]
    [InlineData("+OK", "Ok", "")]
    [InlineData("+OK hello there", "Ok", "hello there")]
    [InlineData("+ok lower case", "Ok", "lower case")]
    [InlineData("-ERR", "Error", "")]
    [InlineData("-ERR [IN-USE] locked", "Error", "[IN-USE] locked")]
    [InlineData("+", "Continuation", "")]
    [InlineData("+ dGVzdA==", "Continuation", "dGVzdA==")]
    public void Recognises_status_lines(string line, string kind, string text)
    {
        Assert.True(Pop3StatusLine.TryParse(Encoding.ASCII.GetBytes(line), out var status));
        Assert.Equal(kind, status.Kind.ToString());
        Assert.Equal(text, status.GetText());
    }

    [Theory]
    [InlineData("")]
    [InlineData("OK")]
    [InlineData("+OKAY")]
    [InlineData("-ERROR")]
    [InlineData("* OK")]
    [InlineData("+dGVzdA==")]
    public void Refuses_anything_else(string line)
    {
        Assert.False(Pop3StatusLine.TryParse(Encoding.ASCII.GetBytes(line), out _));
    }

    [Theory]
    [InlineData("-ERR [IN-USE] locked", "IN-USE")]
    [InlineData("-ERR [SYS/TEMP] try later", "SYS/TEMP")]
    [InlineData("-ERR [auth] lower", "AUTH")]
    [InlineData("-ERR [] empty", null)]
    [InlineData("-ERR [NO CLOSE", null)]
    [InlineData("-ERR [HAS SPACE] x", null)]
    [InlineData("-ERR plain text [IN-USE]", null)]
    public void Extracts_the_extended_response_code(string line, string? code)
    {
        Assert.True(Pop3StatusLine.TryParse(Encoding.ASCII.GetBytes(line), out var status));
        Assert.Equal(code, status.GetResponseCode());
    }
}
