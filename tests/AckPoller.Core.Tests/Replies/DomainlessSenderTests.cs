using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Tests.Replies;

/// <summary>The sender rule for a From without a domain (the parser keeps <c>From: nsb (Nathaniel Borenstein)</c> and
/// <c>From: abel, bianchi</c> as local-part-only mailboxes): it never matches an alert recipient or a configured
/// responder, not even by its local part; the reply is ignored with "sender has no domain", never answered (a bare local
/// part would be delivered in our own domain), never counted toward a lockout, and nothing throws. An unquoted display
/// name holding an "@" is a name, never the address that is checked.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class DomainlessSenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    // The recipients share local parts with the domain-less senders below; "nsb" is also a valid responder entry (a domain).
    private static readonly Alert Alert = FakeAlertDirectory.NewAlert("AP-K3X9QZ", "ap.K3X9QZ.x@alerts.northwind.example",
        "nsb@contoso.example", "abel@contoso.example", "priya@contoso.example");

    [Theory]
    [InlineData("nsb (Nathaniel Borenstein)", "nsb", "Nathaniel Borenstein")]
    [InlineData("abel, bianchi", "abel", null)]
    [InlineData("<nsb>", "nsb", null)]
    [InlineData("priya@contoso.example <nsb>", "nsb", "priya@contoso.example")]
    public async Task A_from_without_a_domain_is_ignored_with_the_reason_and_never_matches_by_local_part(string fromHeader, string address, string? name)
    {
        var message = Message(fromHeader);
        var history = new CountingRejectionHistory();

        var analysis = await Analyze(message);
        var decision = await Policy(history).DecideAsync(analysis, message, CancellationToken.None);
        var verdict = AckVerdict.Predict(analysis, decision, new AlertsOptions(), Now);

        Assert.Equal(address, analysis.From);
        Assert.Equal(name, analysis.FromName);
        Assert.Same(Alert, analysis.Alert);
        Assert.False(decision.Authorized);
        Assert.True(decision.Incomplete);
        Assert.StartsWith($"sender has no domain ('{address}')", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(AckOutcome.Ignored, verdict.Outcome);
        Assert.Equal(decision.Reason, verdict.Reason);
        Assert.Equal(0, history.Calls);
    }

    [Fact]
    public async Task The_recorder_answers_nothing_and_changes_nothing_for_it_even_without_a_sender_decision()
    {
        var analysis = await Analyze(Message("nsb (Nathaniel Borenstein)"));

        var decided = AckDecider.Decide(analysis, decision: null, Alert, new AlertsOptions(), Now);

        Assert.Equal(AckOutcome.Ignored, decided.Outcome);
        Assert.Equal(AckReplyKind.None, decided.Reply);
        Assert.Null(decided.UpdatedAlert);
        Assert.StartsWith("sender has no domain ('nsb')", decided.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_display_name_holding_an_at_sign_is_never_the_checked_address()
    {
        var message = Message("priya@contoso.example <mallory@evil.example>");

        var analysis = await Analyze(message);
        var decision = await Policy(new CountingRejectionHistory()).DecideAsync(analysis, message, CancellationToken.None);

        Assert.Equal("mallory@evil.example", analysis.From);
        Assert.Equal("priya@contoso.example", analysis.FromName);
        Assert.Equal(new SenderDecision(false, "mallory@evil.example is neither a recipient of AP-K3X9QZ nor a configured responder"), decision);
    }

    [Theory]
    [InlineData("nsb@", "sender has no domain ('nsb@')")]
    [InlineData("nsb@.", "sender has no domain ('nsb@.')")]
    [InlineData("@contoso.example", "sender has no local part ('@contoso.example')")]
    public async Task Half_addresses_are_refused_by_rule_not_by_a_lucky_match(string from, string reason)
    {
        var analysis = new ReplyAnalysis { From = from, Alert = Alert, AlertReference = Alert.Reference, MatchedBy = AlertMatch.InReplyTo };

        // "@contoso.example" would otherwise pass the responder entry "contoso.example".
        var decision = await Policy(new CountingRejectionHistory()).DecideAsync(analysis, Message("x@y.example"), CancellationToken.None);

        Assert.False(decision.Authorized);
        Assert.StartsWith(reason, decision.Reason, StringComparison.Ordinal);
        Assert.Null(SenderPolicy.IncompleteAddress("nsb@contoso.example"));
    }

    [Fact]
    public async Task With_anti_spoofing_required_the_reason_is_still_the_missing_domain()
    {
        var options = new RepliesOptions { RequireDmarcPass = true };
        options.TrustedAuthServIds.Add("mx.northwind.example");
        var message = Message("nsb (Nathaniel Borenstein)", "Authentication-Results: mx.northwind.example; dmarc=pass header.from=contoso.example");

        var decision = await new SenderPolicy(options, null).DecideAsync(await Analyze(message), message, CancellationToken.None);

        Assert.False(decision.Authorized);
        Assert.False(decision.Unauthenticated);
        Assert.StartsWith("sender has no domain ('nsb')", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_local_part_names_a_quoted_correspondent_only_when_a_display_name_of_its_length_would()
    {
        var shortOne = QuoteContext.From(Message("ab"));
        var named = QuoteContext.From(Message("nsb (Nathaniel Borenstein)"));

        Assert.DoesNotContain("ab", shortOne!.Correspondents);
        Assert.False(shortOne.NamesCorrespondent("Lab notes"));
        Assert.Contains("nsb", named!.Correspondents);
        Assert.Contains("Nathaniel Borenstein", named.Correspondents);
    }

    [Fact]
    public async Task Labelled_lines_of_a_reply_from_a_short_bare_local_part_are_not_taken_for_a_quoted_header()
    {
        // Three "Label: value" lines holding the subject would be a quoted header block only if one named a correspondent;
        // "ab" inside "Lab" must not count as one.
        var message = ReplyTestFiles.Parse("""
            From: ab
            To: alerts@northwind.example
            Subject: Re: db-01 disk full

            ack
            Where: Lab 4
            Ticket: db-01 disk full
            Next: rotate the logs
            """);

        var analysis = await new ReplyAnalyzer(new RepliesOptions(), null).AnalyzeAsync(message, CancellationToken.None);

        Assert.Contains("Next: rotate the logs", analysis.NewText, StringComparison.Ordinal);
    }

    private static Task<ReplyAnalysis> Analyze(MimeMessage message) =>
        new ReplyAnalyzer(new RepliesOptions(), new FakeAlertDirectory(Alert)).AnalyzeAsync(message, CancellationToken.None);

    private static SenderPolicy Policy(IRejectionHistory history)
    {
        var options = new RepliesOptions();
        options.Responders.Add("nsb");
        options.Responders.Add("contoso.example");
        options.Responders.Add("*.contoso.example");
        return new SenderPolicy(options, history);
    }

    private static MimeMessage Message(string from, string extraHeaders = "") => ReplyTestFiles.Parse(
        (extraHeaders.Length > 0 ? extraHeaders + "\n" : string.Empty) + $"""
        From: {from}
        To: alerts@northwind.example
        Subject: Re: [AP-K3X9QZ] db-01: disk /var 97% full
        In-Reply-To: <ap.K3X9QZ.x@alerts.northwind.example>

        ack
        """);

    private sealed class CountingRejectionHistory : IRejectionHistory
    {
        public int Calls { get; private set; }

        public Task<int> CountRejectionsAsync(string senderAddress, DateTimeOffset since, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(0);
        }
    }
}
