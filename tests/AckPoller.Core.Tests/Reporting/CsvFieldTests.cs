using System.Text;
using AckPoller.Core.Reporting;

namespace AckPoller.Core.Tests.Reporting;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class CsvFieldTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plain text", "plain text")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"ack\"", "\"say \"\"ack\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("lf\nonly", "\"lf\nonly\"")]
    [InlineData("mid=dle", "mid=dle")]
    public void Fields_follow_rfc_4180(string? value, string expected) => Assert.Equal(expected, Append(value));

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("=1,2", "\"'=1,2\"")]
    public void Text_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(string value, string expected) => Assert.Equal(expected, Append(value));

    private static string Append(string? value)
    {
        var line = new StringBuilder();
        CsvField.Append(line, value);
        return line.ToString();
    }
}
