using AckPoller.Core.Replies;

namespace AckPoller.Core.Tests.Replies;

/// <summary>The new text of each body in GitHub's email_reply_parser corpus (MIT, see Corpus/email_reply_parser/LICENSE),
/// as decided from reading each one: the text above the first quote marker, without signature; for a reply written only
/// below or between quotes (email_1_8), the unquoted parts.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class ReplyParserCorpusTests
{
    public static TheoryData<string, string> Expected => new()
    {
        { "correct_sig.txt", "this is an email with a correct -- signature." },
        { "email_1_1.txt", "Hi folks\n\nWhat is the best way to clear a Riak bucket of all key, values after\nrunning a test?\nI am currently using the Java HTTP API.\n\n-Abhishek Kona" },
        { "email_1_2.txt", "Hi," },
        { "email_1_3.txt", "Oh thanks.\n\nHaving the function would be great.\n\n-Abhishek Kona" },
        { "email_1_4.txt", "Awesome! I haven't had another problem with it." },
        { "email_1_6.txt", "I get proper rendering as well.\n\nSent from a magnificent torch of pixels" },
        { "email_1_7.txt", ":+1:" },
        { "email_1_8.txt", "I will reply under this one\n\nand under this." },
        { "email_2_1.txt", "Outlook with a reply" },
        { "email_2_2.txt", "Outlook with a reply directly above line" },
        { "email_2_3.txt", "Outlook with a reply directly above line" },
        { "email_BlackBerry.txt", "Here is another email" },
        { "email_bullets.txt", "test 2 this should list second\n\nand have spaces\n\nand retain this formatting\n\n\n   - how about bullets\n   - and another" },
        { "email_iPhone.txt", "Here is another email" },
        { "email_long_quote.txt", "Hi folks\n\nWhat is the best way to clear a Riak bucket of all key, values after\nrunning a test?" },
        { "email_multi_word_sent_from_my_mobile_device.txt", "Here is another email" },
        { "email_one_is_not_on.txt", "Thank, this is really helpful.\n\nOne outstanding question I had:\n\nLocally (on development), when I run..." },
        { "email_sent_from_my_not_signature.txt", "Here is another email\n\nSent from my desk, is much easier then my mobile phone." },
        { "email_sig_delimiter_in_middle_of_line.txt", "Hi there!\n\nStuff happened.\n\nAnd here is a fix -- this is not a signature.\n\nkthxbai" },
        { "greedy_on.txt", "On your remote host you can run:\n\n     telnet 127.0.0.1 52698\n\nThis should connect to TextMate (on your Mac, via the tunnel). If that\nfails, the tunnel is not working." },
        { "pathological.txt", "I think you're onto something. I will try to fix the problem as soon as I\nget back to a computer." },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void New_text_is_what_the_author_wrote(string file, string expected)
    {
        var body = File.ReadAllText(ReplyTestFiles.ReplyParserCorpus(file));

        Assert.Equal(expected, QuoteStripper.ExtractFromText(body));
    }

    [Fact]
    public void A_body_without_any_quote_is_kept_whole()
    {
        var body = File.ReadAllText(ReplyTestFiles.ReplyParserCorpus("email_1_5.txt"));

        Assert.Equal(body.Trim(), QuoteStripper.ExtractFromText(body));
    }

    [Fact]
    public void Every_corpus_file_has_an_expectation()
    {
        var files = Directory.GetFiles(Path.GetDirectoryName(ReplyTestFiles.ReplyParserCorpus("LICENSE"))!, "*.txt").Select(Path.GetFileName).ToHashSet();
        var covered = Expected.Select(row => (string)row[0]).Append("email_1_5.txt").ToHashSet();

        Assert.Equal(files.Order(), covered.Order());
    }
}
