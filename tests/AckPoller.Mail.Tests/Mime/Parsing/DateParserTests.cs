using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class DateParserTests
{
    [Theory]
    [InlineData("Fri, 21 Nov 1997 09:55:06 -0600", "1997-11-21T09:55:06-06:00")]
    [InlineData("Tue, 1 Jul 2003 10:52:37 +0200", "2003-07-01T10:52:37+02:00")]
    [InlineData("21 Nov 1997 09:55:06 -0600", "1997-11-21T09:55:06-06:00")]
    [InlineData("Fri, 21 Nov 1997 09:55 -0600", "1997-11-21T09:55:00-06:00")]
    [InlineData("Thu, 13 Feb 69 23:32:54 -0330", "1969-02-13T23:32:54-03:30")]
    [InlineData("Thu, 13 Feb 09 23:32:54 -0330", "2009-02-13T23:32:54-03:30")]
    [InlineData("Thu, 13 Feb 109 23:32:54 -0330", "2009-02-13T23:32:54-03:30")]
    [InlineData("Thu,\r\n     13\r\n       Feb\r\n         1969\r\n     23:32\r\n              -0330 (Newfoundland Time)", "1969-02-13T23:32:00-03:30")]
    [InlineData("Mon, 24 Nov 2026 04:09:25 GMT", "2026-11-24T04:09:25+00:00")]
    [InlineData("Mon, 24 Nov 2026 04:09:25 UT", "2026-11-24T04:09:25+00:00")]
    [InlineData("Mon, 24 Nov 2026 04:09:25 EST", "2026-11-24T04:09:25-05:00")]
    [InlineData("Mon, 24 Nov 2026 04:09:25 PDT", "2026-11-24T04:09:25-07:00")]
    [InlineData("Mon, 24 Nov 2026 04:09:25 Z", "2026-11-24T04:09:25+00:00")]
    [InlineData("Mon, 24 Nov 2026 04:09:25 A", "2026-11-24T04:09:25+00:00")]
    [InlineData("Mon, 24 Nov 2026 04:09:25", "2026-11-24T04:09:25+00:00")]
    [InlineData("Mon, 24 Nov 2026 04:09:25 +0100 (CET)", "2026-11-24T04:09:25+01:00")]
    [InlineData("24-Nov-2026 04:09:25 +0100", "2026-11-24T04:09:25+01:00")]
    [InlineData("Tue Nov 24 04:09:25 2026", "2026-11-24T04:09:25+00:00")]
    [InlineData("Tuesday, November 24, 2026 4:09:25 PM +01:00", "2026-11-24T16:09:25+01:00")]
    [InlineData("Mon, 24 Nov 2026 23:59:60 +0000", "2026-11-24T23:59:59+00:00")]
    [InlineData("2026-11-24T04:09:25Z", "2026-11-24T04:09:25+00:00")]
    public void Parses_lenient_dates(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateParser.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("31 Feb 2026 10:00:00 +0000")]
    [InlineData("24 Nov 2026 25:00:00 +0000")]
    [InlineData("((((((((")]
    public void Unparseable_dates_are_null(string text) => Assert.Null(DateParser.Parse(text));

    [Fact]
    public void Message_date_property()
    {
        var message = MimeParser.Parse("Date: Tue, 24 Nov 2026 04:09:25 +0000\r\n\r\n"u8.ToArray());
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 4, 9, 25, TimeSpan.Zero), message.Date);
        Assert.Null(MimeParser.Parse("Subject: x\r\n\r\n"u8.ToArray()).Date);
    }
}
