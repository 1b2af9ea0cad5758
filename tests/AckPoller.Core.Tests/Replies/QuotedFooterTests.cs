using AckPoller.Core.Configuration;
using AckPoller.Core.Replies;

namespace AckPoller.Core.Tests.Replies;

/// <summary>The alert's footer names every command; it is quoted in most replies and must never trigger one. Each quoting
/// style clients use (plain and HTML, several languages) is tried with an empty reply, a reply without a command, and a
/// reply with one, against two footers: the real kind, and a hostile one whose lines start with command words.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class QuotedFooterTests
{
    private const string Body = "Disk /var on db-01 is 97% full (threshold 90%).";

    private const string Footer = "-- \nAP-K3X9QZ: reply \"ack\" to acknowledge, \"resolve\" when fixed, \"unack\" to reopen,\n\"snooze 30m\" to silence it for a while, or \"note <text>\" to add a note.";

    private const string HostileFooter = "ack - acknowledge this alert\nresolve - mark it resolved\nsnooze 30m - silence it\nnote <text> - add a note";

    public static TheoryData<string, string> PlainStyles => new()
    {
        { "gmail", "On Mon, Nov 24, 2025 at 10:05 AM AckPoller Alerts <alerts@northwind.example> wrote:\n\n{quoted}\n" },
        { "gmail wrapped attribution", "On Mon, Nov 24, 2025 at 10:05 AM AckPoller Alerts <\nalerts@northwind.example> wrote:\n\n{quoted}\n" },
        { "apple", "> On 24 Nov 2025, at 10:05, AckPoller Alerts <alerts@northwind.example> wrote:\n> \n{quoted}\n" },
        { "thunderbird", "On 24/11/2025 10:05, AckPoller Alerts wrote:\n{quoted}\n" },
        { "name only attribution", "AckPoller Alerts wrote:\n\n{quoted}\n" },
        { "german attribution", "Am 24.11.2025 um 10:05 schrieb AckPoller Alerts <alerts@northwind.example>:\n{quoted}\n" },
        { "french attribution", "Le lun. 24 nov. 2025 à 10:05, AckPoller Alerts <alerts@northwind.example> a écrit :\n{quoted}\n" },
        { "spanish attribution", "El lun, 24 nov 2025 a las 10:05, AckPoller Alerts (<alerts@northwind.example>) escribió:\n{quoted}\n" },
        { "attribution then unquoted original", "On Mon, Nov 24, 2025 at 10:05 AM AckPoller Alerts <alerts@northwind.example> wrote:\n\n{original}\n" },
        { "outlook original message", "-----Original Message-----\nFrom: AckPoller Alerts <alerts@northwind.example>\nSent: Monday, November 24, 2025 10:05 AM\nTo: Priya Raman <priya@contoso.example>\nSubject: [AP-K3X9QZ] db-01: disk /var 97% full\n\n{original}\n" },
        { "outlook header block", "From: AckPoller Alerts <alerts@northwind.example>\nSent: Monday, November 24, 2025 10:05 AM\nTo: Priya Raman <priya@contoso.example>\nSubject: [AP-K3X9QZ] db-01: disk /var 97% full\n\n{original}\n" },
        { "outlook bold header block", "*From:* AckPoller Alerts <alerts@northwind.example>\n*Sent:* Monday, November 24, 2025 10:05 AM\n*To:* Priya Raman\n\n{original}\n" },
        { "outlook german header block", "Von: AckPoller Alerts <alerts@northwind.example>\nGesendet: Montag, 24. November 2025 10:05\nAn: Jürgen Weiß <juergen@fabrikam.example>\nBetreff: AW: [AP-K3X9QZ] db-01\n\n{original}\n" },
        { "outlook french header block", "De : AckPoller Alerts <alerts@northwind.example>\nEnvoyé : lundi 24 novembre 2025 10:05\nÀ : François\nObjet : [AP-K3X9QZ] db-01\n\n{original}\n" },
        { "outlook web separator", "________________________________\nFrom: AckPoller Alerts <alerts@northwind.example>\nSent: Monday, 24 November 2025 10:05\n\n{original}\n" },
        { "android original message", "-------- Original message --------\nFrom: AckPoller Alerts <alerts@northwind.example>\nDate: 24/11/2025 10:05 (GMT+01:00)\n\n{original}\n" },
        { "german original message", "-----Ursprüngliche Nachricht-----\nVon: AckPoller Alerts <alerts@northwind.example>\n\n{original}\n" },
        { "nested quotes", "On Mon, Nov 24, 2025 at 10:05 AM Jane <jane@contoso.example> wrote:\n> Looking.\n>\n> On Mon, Nov 24, 2025 at 10:04 AM AckPoller Alerts <alerts@northwind.example> wrote:\n{doublequoted}\n" },
    };

    public static TheoryData<string, string> HtmlStyles => new()
    {
        { "gmail", "<div dir=\"ltr\">{new}</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">On Mon, Nov 24, 2025 at 10:05 AM AckPoller Alerts wrote:<br></div><blockquote class=\"gmail_quote\">{original}</blockquote></div>" },
        { "apple", "<html><body dir=\"auto\"><div dir=\"ltr\">{new}</div><div dir=\"ltr\"><br><blockquote type=\"cite\">On 24 Nov 2025, at 10:05, AckPoller Alerts wrote:<br><br></blockquote></div><blockquote type=\"cite\"><div dir=\"ltr\">{original}</div></blockquote></body></html>" },
        { "outlook desktop", "<html><body><div class=\"WordSection1\"><p class=\"MsoNormal\">{new}<o:p></o:p></p><div id=\"divRplyFwdMsg\"><p><b>From:</b> AckPoller Alerts<br><b>Sent:</b> Monday</p></div><p class=\"MsoNormal\">{original}</p></div></body></html>" },
        { "outlook desktop border-top", "<html><body><div class=\"WordSection1\"><p class=\"MsoNormal\">{new}</p><div><div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\"><p class=\"MsoNormal\"><b>From:</b> AckPoller Alerts<br><b>Sent:</b> Monday</p></div></div><p class=\"MsoNormal\">{original}</p></div></body></html>" },
        { "outlook web", "<html><body><div class=\"elementToProof\">{new}</div><div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\"><b>From:</b> AckPoller Alerts<br><b>Sent:</b> Monday</div><div>{original}</div></body></html>" },
        { "new outlook", "<html><body><div>{new}</div><div id=\"mail-editor-reference-message-container\"><div>From: AckPoller Alerts</div><div>{original}</div></div></body></html>" },
        { "thunderbird", "<html><body><p>{new}</p><div class=\"moz-cite-prefix\">On 24/11/2025 10:05, AckPoller Alerts wrote:<br></div><blockquote type=\"cite\" cite=\"mid:x\">{original}</blockquote></body></html>" },
        { "plain blockquote", "<html><body><p>{new}</p><blockquote style=\"border-left:2px solid #ccc\">{original}</blockquote></body></html>" },
        { "samsung", "<html><body><div dir='auto'>{new}</div><div><div>-------- Original message --------</div><div>From: AckPoller Alerts &lt;alerts@northwind.example&gt; </div><div>Date: 24/11/2025 10:05 (GMT+01:00)</div></div>{original}</body></html>" },
    };

    [Theory]
    [MemberData(nameof(PlainStyles))]
    public void A_quoted_footer_never_gives_a_command_in_plain_text(string style, string template)
    {
        foreach (var footer in (string[])[Footer, HostileFooter])
        {
            foreach (var (newText, command) in Replies)
            {
                var body = (newText.Length > 0 ? newText + "\n\n" : string.Empty) + Fill(template, footer);

                var extracted = QuoteStripper.ExtractFromText(body);

                Assert.True(newText == extracted, $"{style}: expected \"{newText}\", got \"{extracted}\"");
                Assert.Equal(command, CommandParser.Parse(extracted).Command);
            }
        }
    }

    [Theory]
    [MemberData(nameof(HtmlStyles))]
    public void A_quoted_footer_never_gives_a_command_in_html(string style, string template)
    {
        foreach (var footer in (string[])[Footer, HostileFooter])
        {
            var original = System.Net.WebUtility.HtmlEncode(Body + "\n" + footer).Replace("\n", "<br>", StringComparison.Ordinal);
            foreach (var (newText, command) in Replies)
            {
                var html = template.Replace("{new}", System.Net.WebUtility.HtmlEncode(newText), StringComparison.Ordinal)
                    .Replace("{original}", original, StringComparison.Ordinal);

                var extracted = QuoteStripper.ExtractFromHtml(html);

                Assert.True(newText == extracted, $"{style}: expected \"{newText}\", got \"{extracted}\"");
                Assert.Equal(command, CommandParser.Parse(extracted).Command);
            }
        }
    }

    [Fact]
    public async Task Replying_with_nothing_but_the_quote_gives_no_command_and_no_comment()
    {
        var message = ReplyTestFiles.Parse($"""
            From: Priya <priya@contoso.example>
            To: alerts@northwind.example
            Subject: Re: [AP-K3X9QZ] db-01: disk /var 97% full
            Message-ID: <empty.reply@contoso.example>
            In-Reply-To: <ap.K3X9QZ.abc@alerts.northwind.example>

            On Mon, Nov 24, 2025 at 10:05 AM AckPoller Alerts <alerts@northwind.example> wrote:
            {Quote(Body + "\n" + HostileFooter)}
            """);

        var analysis = await new ReplyAnalyzer(new RepliesOptions(), directory: null).AnalyzeAsync(message, CancellationToken.None);

        Assert.Equal(string.Empty, analysis.NewText);
        Assert.Equal(ReplyCommand.None, analysis.Command);
        Assert.Null(analysis.Comment);
        Assert.Contains("the reply has no new text above the quote", analysis.Warnings);
    }

    private static IEnumerable<(string NewText, ReplyCommand Command)> Replies =>
        [(string.Empty, ReplyCommand.None), ("Thanks, looking into it.", ReplyCommand.None), ("resolve - freed 20 GB", ReplyCommand.Resolve)];

    private static string Fill(string template, string footer)
    {
        var original = Body + "\n\n" + footer;
        return template.Replace("{quoted}", Quote(original), StringComparison.Ordinal)
            .Replace("{doublequoted}", Quote(Quote(original)), StringComparison.Ordinal)
            .Replace("{original}", original, StringComparison.Ordinal);
    }

    private static string Quote(string text) => string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? ">" : "> " + line));
}
