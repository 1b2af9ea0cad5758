using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class AddressParserTests
{
    private static List<(string? Name, string Address)> P(string text) =>
        AddressParser.Parse(text).Select(a => (a.DisplayName, a.Address)).ToList();

    [Fact]
    public void Name_addr_and_bare_addresses()
    {
        Assert.Equal(
            [("John Doe", "jdoe@example.com"), (null, "mary@example.net"), ("Pete", "pete@example.org")],
            P("John Doe <jdoe@example.com>, mary@example.net,\r\n Pete <pete@example.org>"));
    }

    [Fact]
    public void Quoted_names_with_commas_and_escapes()
    {
        Assert.Equal([("Doe, John \"JD\"", "jd@example.com")], P("\"Doe, John \\\"JD\\\"\" <jd@example.com>"));
    }

    [Fact]
    public void Unquoted_last_first_name_is_kept_together()
    {
        Assert.Equal([("Doe, John", "jd@example.com")], P("Doe, John <jd@example.com>"));
    }

    [Fact]
    public void Groups_are_flattened_and_empty_groups_give_nothing()
    {
        Assert.Equal(
            [("Ed Jones", "c@a.test"), (null, "joe@where.test"), ("John", "jdoe@one.test")],
            P("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;"));
        Assert.Empty(P("Undisclosed recipients:;"));
        Assert.Equal([(null, "after@x.test")], P("Empty:; after@x.test"));
    }

    [Fact]
    public void Comments_are_skipped_and_name_a_bare_address()
    {
        // RFC 5322 Appendix A.5.
        Assert.Equal(
            [("Pete", "pete@silly.test")],
            P("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>"));
        Assert.Equal([("John Doe", "jdoe@example.com")], P("jdoe@example.com (John Doe)"));
    }

    [Fact]
    public void Encoded_words_in_display_names()
    {
        Assert.Equal([("Keld Jørn Simonsen", "keld@dkuug.dk")], P("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>"));
        Assert.Equal([("André Pirard", "PIRARD@vm1.ulg.ac.be")], P("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>"));
        Assert.Equal([("Jörg", "j@x.test")], P("\"=?utf-8?q?J=C3=B6rg?=\" <j@x.test>"));
    }

    [Fact]
    public void Obsolete_routes_and_spaces_are_handled()
    {
        Assert.Equal([("Joe", "joe@example.com")], P("Joe <@relay1.test,@relay2.test:joe@example.com>"));
        Assert.Equal([(null, "joe@example.com")], P("joe @ example.com"));
        Assert.Equal([(null, "a@b.test")], P("< a@b.test >"));
    }

    [Fact]
    public void Quoted_local_parts_stay_quoted_when_needed()
    {
        Assert.Equal([(null, "\"john doe\"@example.com")], P("\"john doe\"@example.com"));
        Assert.Equal([(null, "john@example.com")], P("<\"john\"@example.com>"));
    }

    [Fact]
    public void Junk_gives_no_crash_and_no_bogus_addresses()
    {
        Assert.Empty(P(""));
        Assert.Empty(P("<>"));
        Assert.Empty(P(",,,;;;"));
        Assert.Equal("x@y.test", Assert.Single(P("x@y.test (((unterminated")).Address);
        Assert.Equal([("Single Quoted", "s@q.test")], P("'Single Quoted' <s@q.test>"));
    }

    [Fact]
    public void Message_address_properties_use_the_parser()
    {
        var message = MimeParser.Parse("From: Alice <alice@example.com>\r\nTo: bob@example.com, Team: carol@example.com;\r\nCc: dan@example.com\r\nReply-To: <reply@example.com>\r\nSender: sender@example.com\r\n\r\n"u8.ToArray());
        Assert.Equal("alice@example.com", Assert.Single(message.From).Address);
        Assert.Equal("Alice", message.From[0].DisplayName);
        Assert.Equal(["bob@example.com", "carol@example.com"], message.To.Select(a => a.Address));
        Assert.Equal("dan@example.com", Assert.Single(message.Cc).Address);
        Assert.Equal("reply@example.com", Assert.Single(message.ReplyTo).Address);
        Assert.Equal("sender@example.com", message.Sender?.Address);
    }
}
