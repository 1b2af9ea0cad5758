using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Replies;
using AckPoller.Core.Tests.Support;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Tests.Replies;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class SenderPolicyTests
{
    private static readonly Alert Alert = FakeAlertDirectory.NewAlert("AP-K3X9QZ", "ap.K3X9QZ.x@alerts.northwind.example", "priya@contoso.example", "oncall@contoso.example");

    [Theory]
    [InlineData("priya@contoso.example", "priya@contoso.example is a recipient of AP-K3X9QZ")]
    [InlineData("Priya@Contoso.Example", "Priya@Contoso.Example is a recipient of AP-K3X9QZ")]
    [InlineData("boss@fabrikam.example", "boss@fabrikam.example is a configured responder (boss@fabrikam.example)")]
    [InlineData("anyone@woodgrove.example", "anyone@woodgrove.example is a configured responder (domain woodgrove.example)")]
    [InlineData("ops@eu.tailspin.example", "ops@eu.tailspin.example is a configured responder (*.tailspin.example)")]
    public async Task Recipients_and_responders_may_act(string from, string reason)
    {
        var decision = await Policy().DecideAsync(Analysis(from), Message(from), CancellationToken.None);

        Assert.Equal(new SenderDecision(true, reason), decision);
    }

    [Theory]
    [InlineData("mallory@evil.example")]
    [InlineData("priya@contoso.example.evil.example")]
    [InlineData("x@woodgrove.example.evil")]
    [InlineData("x@nottailspin.example")]
    public async Task Others_are_rejected_with_the_reason(string from)
    {
        var decision = await Policy().DecideAsync(Analysis(from), Message(from), CancellationToken.None);

        Assert.False(decision.Authorized);
        Assert.False(decision.LockedOut);
        Assert.Equal($"{from} is neither a recipient of AP-K3X9QZ nor a configured responder", decision.Reason);
    }

    [Fact]
    public async Task Without_a_matched_alert_nobody_may_act()
    {
        var analysis = Analysis("priya@contoso.example") with { Alert = null, AlertReference = AlertReference.Parse("AP-ZZZZZZ") };

        var decision = await Policy().DecideAsync(analysis, Message("priya@contoso.example"), CancellationToken.None);

        Assert.Equal(new SenderDecision(false, "no alert AP-ZZZZZZ is known, so there is nothing priya@contoso.example could act on"), decision);
    }

    [Fact]
    public async Task A_reply_without_from_or_with_two_authors_is_rejected()
    {
        var noFrom = await Policy().DecideAsync(Analysis("x@y.example") with { From = null }, Message("x@y.example"), CancellationToken.None);
        var twoAuthors = await Policy().DecideAsync(Analysis("priya@contoso.example"), Message("priya@contoso.example, mallory@evil.example"), CancellationToken.None);

        Assert.Equal("the reply has no From address", noFrom.Reason);
        Assert.Equal("the reply names 2 From addresses; only a reply from one person may act", twoAuthors.Reason);
    }

    [Fact]
    public async Task Repeated_rejections_lock_a_sender_out_for_the_window()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var history = new FakeRejectionHistory();
        var options = new RepliesOptions { LockoutThreshold = 3, LockoutWindow = TimeSpan.FromMinutes(30) };
        var policy = new SenderPolicy(options, history, time);
        history.Add("priya@contoso.example", time.GetUtcNow().AddMinutes(-40));
        history.Add("priya@contoso.example", time.GetUtcNow().AddMinutes(-20));
        history.Add("priya@contoso.example", time.GetUtcNow().AddMinutes(-10));

        var whileTwo = await policy.DecideAsync(Analysis("priya@contoso.example"), Message("priya@contoso.example"), CancellationToken.None);
        history.Add("priya@contoso.example", time.GetUtcNow().AddMinutes(-1));
        var whileThree = await policy.DecideAsync(Analysis("priya@contoso.example"), Message("priya@contoso.example"), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(25));
        var afterWindow = await policy.DecideAsync(Analysis("priya@contoso.example"), Message("priya@contoso.example"), CancellationToken.None);

        Assert.True(whileTwo.Authorized);
        Assert.False(whileThree.Authorized);
        Assert.True(whileThree.LockedOut);
        Assert.Equal("priya@contoso.example is locked out after 3 rejected replies within 30 minute(s); its replies are ignored until fewer than 3 remain in that window", whileThree.Reason);
        Assert.True(afterWindow.Authorized);
        Assert.Equal(time.GetUtcNow().AddMinutes(-30), history.LastSince);
    }

    [Theory]
    [InlineData("mx.northwind.example; dmarc=pass (p=reject) header.from=contoso.example", true, "priya@contoso.example is a recipient of AP-K3X9QZ")]
    [InlineData("mx.northwind.example; dmarc=fail (p=reject) header.from=contoso.example", false, "anti-spoofing: Authentication-Results from mx.northwind.example shows dmarc=fail")]
    [InlineData("mx.northwind.example; dmarc=none header.from=contoso.example", false, "anti-spoofing: Authentication-Results from mx.northwind.example shows dmarc=none")]
    [InlineData("mx.northwind.example; spf=pass smtp.mailfrom=contoso.example", false, "anti-spoofing: Authentication-Results from mx.northwind.example has no dmarc result")]
    [InlineData("mx.northwind.example; dmarc=pass header.from=evil.example", false, "anti-spoofing: dmarc=pass from mx.northwind.example is for evil.example, not the From domain contoso.example")]
    [InlineData("mx.evil.example; dmarc=pass header.from=contoso.example", false, "anti-spoofing: no Authentication-Results header from a trusted server (mx.northwind.example)")]
    public async Task Anti_spoofing_requires_dmarc_pass_from_a_trusted_server(string header, bool authorized, string reason)
    {
        var options = new RepliesOptions { RequireDmarcPass = true };
        options.TrustedAuthServIds.Add("mx.northwind.example");
        var message = Message("priya@contoso.example", $"Authentication-Results: {header}");

        var decision = await new SenderPolicy(options, null).DecideAsync(Analysis("priya@contoso.example"), message, CancellationToken.None);

        Assert.Equal(new SenderDecision(authorized, reason) { Unauthenticated = !authorized }, decision);
    }

    [Fact]
    public async Task A_forged_reply_is_unauthenticated_before_any_lockout_and_the_genuine_one_is_judged_on_authenticated_rejections()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var history = new FakeRejectionHistory();
        var options = new RepliesOptions { RequireDmarcPass = true, LockoutThreshold = 2 };
        options.TrustedAuthServIds.Add("mx.northwind.example");
        var policy = new SenderPolicy(options, history, time);
        history.Add("priya@contoso.example", time.GetUtcNow().AddMinutes(-2));
        history.Add("priya@contoso.example", time.GetUtcNow().AddMinutes(-1));

        // Locked out by two authenticated rejections, a forged reply is still reported as forged (not "locked out").
        var forged = await policy.DecideAsync(Analysis("priya@contoso.example"), Message("priya@contoso.example"), CancellationToken.None);
        var twoAuthors = await policy.DecideAsync(Analysis("priya@contoso.example"), Message("priya@contoso.example, mallory@evil.example"), CancellationToken.None);
        var genuine = await policy.DecideAsync(Analysis("priya@contoso.example"),
            Message("priya@contoso.example", "Authentication-Results: mx.northwind.example; dmarc=pass header.from=contoso.example"), CancellationToken.None);

        Assert.Equal((false, true, false), (forged.Authorized, forged.Unauthenticated, forged.LockedOut));
        Assert.StartsWith("anti-spoofing: ", forged.Reason, StringComparison.Ordinal);
        Assert.True(twoAuthors.Unauthenticated);
        Assert.Equal((false, false, true), (genuine.Authorized, genuine.Unauthenticated, genuine.LockedOut));
    }

    [Fact]
    public async Task Without_anti_spoofing_nothing_is_unauthenticated()
    {
        var decision = await Policy().DecideAsync(Analysis("mallory@evil.example"), Message("mallory@evil.example"), CancellationToken.None);

        Assert.False(decision.Unauthenticated);
    }

    [Fact]
    public async Task Only_the_topmost_trusted_header_counts()
    {
        var options = new RepliesOptions { RequireDmarcPass = true };
        options.TrustedAuthServIds.Add("mx.northwind.example");
        var message = Message("priya@contoso.example",
            "Authentication-Results: mx.northwind.example; dmarc=fail header.from=contoso.example\nAuthentication-Results: mx.northwind.example; dmarc=pass header.from=contoso.example");

        var decision = await new SenderPolicy(options, null).DecideAsync(Analysis("priya@contoso.example"), message, CancellationToken.None);

        Assert.False(decision.Authorized);
    }

    [Fact]
    public async Task Without_anti_spoofing_the_header_is_not_needed()
    {
        var decision = await Policy().DecideAsync(Analysis("priya@contoso.example"), Message("priya@contoso.example"), CancellationToken.None);

        Assert.True(decision.Authorized);
    }

    [Theory]
    [InlineData("jane@example.com", true)]
    [InlineData("example.com", true)]
    [InlineData("@example.com", true)]
    [InlineData("*.example.com", true)]
    [InlineData("", false)]
    [InlineData("jane doe@example.com", false)]
    [InlineData("example..com", false)]
    [InlineData("*.", false)]
    public void Responders_are_addresses_or_domains(string responder, bool valid)
    {
        Assert.Equal(valid, ResponderPattern.IsValidResponder(responder));
    }

    private static SenderPolicy Policy()
    {
        var options = new RepliesOptions();
        options.Responders.Add("boss@fabrikam.example");
        options.Responders.Add("woodgrove.example");
        options.Responders.Add("*.tailspin.example");
        return new SenderPolicy(options, new FakeRejectionHistory());
    }

    private static ReplyAnalysis Analysis(string from) => new() { From = from, Alert = Alert, AlertReference = Alert.Reference, MatchedBy = AlertMatch.InReplyTo };

    private static MimeMessage Message(string from, string extraHeaders = "") => ReplyTestFiles.Parse(
        (extraHeaders.Length > 0 ? extraHeaders + "\n" : string.Empty) + $"""
        From: {from}
        Subject: Re: [AP-K3X9QZ]

        ack
        """);

    private sealed class FakeRejectionHistory : IRejectionHistory
    {
        private readonly List<(string Sender, DateTimeOffset At)> rejections = [];

        public DateTimeOffset? LastSince { get; private set; }

        public void Add(string sender, DateTimeOffset at) => rejections.Add((sender, at));

        public Task<int> CountRejectionsAsync(string senderAddress, DateTimeOffset since, CancellationToken cancellationToken)
        {
            LastSince = since;
            return Task.FromResult(rejections.Count(r => string.Equals(r.Sender, senderAddress, StringComparison.OrdinalIgnoreCase) && r.At >= since));
        }
    }
}
