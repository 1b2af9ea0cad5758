using AckPoller.Core.Alerts;
using AckPoller.Core.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Tests.Replies;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class AlertMatcherTests
{
    private static readonly Alert Raised = FakeAlertDirectory.NewAlert("AP-K3X9QZ", "ap.K3X9QZ.m4q7t2@alerts.northwind.example", "priya@contoso.example");
    private static readonly Alert Registered = FakeAlertDirectory.NewAlert("AP-7KMQZ9", "20251124.zabbix.1234@monitor.contoso.example");
    private static readonly Alert Other = FakeAlertDirectory.NewAlert("AP-ABCDEF", null);
    private static readonly AlertMatcher WithDirectory = new(new FakeAlertDirectory(Raised, Registered, Other));
    private static readonly AlertMatcher WithoutDirectory = new(null);

    [Fact]
    public async Task In_reply_to_the_alert_message_id_wins_over_everything_else()
    {
        var message = Reply("In-Reply-To: <20251124.zabbix.1234@monitor.contoso.example>\nReferences: <ap.K3X9QZ.m4q7t2@alerts.northwind.example>", "Re: [AP-ABCDEF]");

        var match = await WithDirectory.MatchAsync(message, "ack AP-K3X9QZ", CancellationToken.None);

        Assert.Equal(AlertMatch.InReplyTo, match.MatchedBy);
        Assert.Same(Registered, match.Alert);
        Assert.Equal(Registered.Reference, match.Reference);
    }

    [Fact]
    public async Task References_are_tried_newest_first()
    {
        var message = Reply("In-Reply-To: <unknown@contoso.example>\nReferences: <ap.K3X9QZ.m4q7t2@alerts.northwind.example> <unknown@contoso.example> <20251124.zabbix.1234@monitor.contoso.example> <x@y.example>", "Re: hello");

        var match = await WithDirectory.MatchAsync(message, "ack", CancellationToken.None);

        Assert.Equal(AlertMatch.References, match.MatchedBy);
        Assert.Same(Registered, match.Alert);
    }

    [Theory]
    [InlineData("RE: [AP-ABCDEF] db-01")]
    [InlineData("AW: AW: [ap-abcdef] db-01")]
    [InlineData("SV: [AP-ABCDEF] db-01")]
    [InlineData("Fwd: Re: [AP-ABCDEF]")]
    [InlineData("WG: [AP-ABCDEF] db-01")]
    [InlineData("TR: [AP-ABCDEF] db-01")]
    public async Task The_subject_reference_is_found_through_reply_and_forward_prefixes(string subject)
    {
        var match = await WithDirectory.MatchAsync(Reply("In-Reply-To: <unknown@contoso.example>", subject), "ack", CancellationToken.None);

        Assert.Equal(AlertMatch.Subject, match.MatchedBy);
        Assert.Same(Other, match.Alert);
    }

    [Fact]
    public async Task The_reference_in_the_new_text_is_the_last_resort()
    {
        var match = await WithDirectory.MatchAsync(Reply(string.Empty, "disk alert"), "ack AP-abcdef, on it", CancellationToken.None);

        Assert.Equal(AlertMatch.Body, match.MatchedBy);
        Assert.Same(Other, match.Alert);
    }

    [Fact]
    public async Task Our_message_id_format_gives_the_reference_even_when_the_alert_was_stored_without_it()
    {
        var match = await WithDirectory.MatchAsync(Reply("In-Reply-To: <ap.ABCDEF.zzz@alerts.northwind.example>", "Re: x"), string.Empty, CancellationToken.None);

        Assert.Equal(AlertMatch.InReplyTo, match.MatchedBy);
        Assert.Same(Other, match.Alert);
    }

    [Fact]
    public async Task A_reference_the_directory_does_not_know_is_passed_over_for_one_it_knows()
    {
        var message = Reply("In-Reply-To: <ap.ZZZZZZ.zzz@alerts.northwind.example>", "Re: [AP-YYYYYY]");

        var match = await WithDirectory.MatchAsync(message, "ack AP-K3X9QZ", CancellationToken.None);

        Assert.Equal(AlertMatch.Body, match.MatchedBy);
        Assert.Same(Raised, match.Alert);
    }

    [Fact]
    public async Task When_no_candidate_is_known_the_first_one_is_reported_without_an_alert()
    {
        var message = Reply("In-Reply-To: <ap.ZZZZZZ.zzz@alerts.northwind.example>", "Re: [AP-YYYYYY]");

        var match = await WithDirectory.MatchAsync(message, "ack", CancellationToken.None);

        Assert.Equal(AlertMatch.InReplyTo, match.MatchedBy);
        Assert.Equal("AP-ZZZZZZ", match.Reference.ToString());
        Assert.Null(match.Alert);
    }

    [Fact]
    public async Task Without_a_directory_the_first_candidate_wins()
    {
        var message = Reply("In-Reply-To: <other@contoso.example>\nReferences: <ap.K3X9QZ.m4q7t2@alerts.northwind.example> <other@contoso.example>", "Re: [AP-ABCDEF]");

        var match = await WithoutDirectory.MatchAsync(message, "ack", CancellationToken.None);

        Assert.Equal(AlertMatch.References, match.MatchedBy);
        Assert.Equal("AP-K3X9QZ", match.Reference.ToString());
        Assert.Null(match.Alert);
    }

    [Fact]
    public async Task A_reply_with_no_reference_anywhere_matches_nothing()
    {
        var match = await WithDirectory.MatchAsync(Reply("In-Reply-To: <other@contoso.example>", "Re: disk"), "ack", CancellationToken.None);

        Assert.Equal(AlertMatchResult.None, match);
    }

    [Theory]
    [InlineData("ap.K3X9QZ.abc@x.example", "AP-K3X9QZ")]
    [InlineData("AP.k3x9qz@x.example", "AP-K3X9QZ")]
    [InlineData("ap.K3X9QZZ.abc@x.example", null)]
    [InlineData("apK3X9QZ.abc@x.example", null)]
    [InlineData("ap.K3U9QZ.abc@x.example", null)]
    public void Alert_message_ids_carry_the_reference(string id, string? reference)
    {
        var found = AlertMessageIds.TryGetReference(id, out var parsed);

        Assert.Equal(reference is not null, found);
        Assert.Equal(reference, found ? parsed.ToString() : null);
    }

    private static MimeMessage Reply(string headers, string subject) => ReplyTestFiles.Parse(
        (headers.Length > 0 ? headers + "\n" : string.Empty) + $"""
        From: Priya Raman <priya@contoso.example>
        Subject: {subject}
        Message-ID: <reply.1@contoso.example>

        ack
        """);
}
