using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Replies;

/// <summary>Who may act on an alert: its recipients and the configured responders (addresses or domains). Optionally the
/// reply must carry dmarc=pass for its From domain in an Authentication-Results header from a trusted server (the topmost
/// one with a trusted authserv-id; the receiving server must strip forged copies). A sender rejected
/// <see cref="RepliesOptions.LockoutThreshold"/> times within <see cref="RepliesOptions.LockoutWindow"/> is locked out:
/// further replies are ignored quietly until older rejections leave the window. With anti-spoofing on, a reply that fails it
/// is <see cref="SenderDecision.Unauthenticated"/>: ignored without an answer and never counted as a rejection of its
/// claimed sender, so forged mail can neither lock the genuine responder out nor make us mail them (backscatter); the
/// rejections the lockout counts are then only those of replies whose From authentication established.</summary>
public sealed class SenderPolicy : ISenderPolicy
{
    private readonly RepliesOptions options;
    private readonly IRejectionHistory? history;
    private readonly TimeProvider time;

    public SenderPolicy(RepliesOptions options, IRejectionHistory? history, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.history = history;
        this.time = time ?? TimeProvider.System;
    }

    public async Task<SenderDecision> DecideAsync(ReplyAnalysis analysis, MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(message);
        var from = analysis.From;
        if (string.IsNullOrWhiteSpace(from))
        {
            return Reject("the reply has no From address");
        }

        // Before anti-spoofing and the lockout: without a domain there is nothing to authenticate, count or answer.
        if (IncompleteAddress(from) is { } incomplete)
        {
            return new SenderDecision(false, incomplete) { Incomplete = true };
        }

        // Anti-spoofing first: a reply that fails it proves nothing about its claimed sender, so nothing below (the
        // lockout, an answer, a rejection counted against that address) may be aimed at that address.
        if (options.RequireDmarcPass && CheckDmarc(message, from) is { } spoofing)
        {
            return new SenderDecision(false, spoofing) { Unauthenticated = true };
        }

        if (message.From.Count > 1)
        {
            return Reject($"the reply names {message.From.Count} From addresses; only a reply from one person may act");
        }

        if (history is not null)
        {
            var since = time.GetUtcNow() - options.LockoutWindow;
            var rejections = await history.CountRejectionsAsync(from, since, cancellationToken);
            if (rejections >= options.LockoutThreshold)
            {
                return new SenderDecision(false,
                    $"{from} is locked out after {rejections} rejected replies within {Describe(options.LockoutWindow)}; its replies are ignored until fewer than {options.LockoutThreshold} remain in that window")
                {
                    LockedOut = true,
                };
            }
        }

        var alert = analysis.Alert;
        if (alert is null)
        {
            return Reject(analysis.AlertReference is { } reference
                ? $"no alert {reference} is known, so there is nothing {from} could act on"
                : $"the reply matches no alert, so there is nothing {from} could act on");
        }

        foreach (var recipient in alert.Recipients)
        {
            if (SameAddress(recipient, from))
            {
                return new SenderDecision(true, $"{from} is a recipient of {alert.Reference}");
            }
        }

        if (FindResponder(from) is { } responder)
        {
            return new SenderDecision(true, $"{from} is a configured responder ({responder})");
        }

        return Reject($"{from} is neither a recipient of {alert.Reference} nor a configured responder");
    }

    /// <summary>Null when <paramref name="from"/> is a whole address (local part @ domain); otherwise why it may never
    /// act. A From with no domain (<c>From: nsb (Nathaniel Borenstein)</c>, <c>From: abel, bianchi</c>, which the parser
    /// keeps as local-part-only mailboxes) matches no alert recipient and no responder, never by its local part alone, and
    /// is not answered: a bare local part sent through our own server could reach whoever has that name in our domain.</summary>
    public static string? IncompleteAddress(string? from)
    {
        var address = from?.Trim() ?? string.Empty;
        var at = address.LastIndexOf('@');
        if (at < 0 || DomainOf(address).Length == 0)
        {
            return $"sender has no domain ('{address}'): an address without one never matches an alert recipient or a configured responder, not by its local part either, and cannot be answered";
        }

        return at == 0
            ? $"sender has no local part ('{address}'): only a whole address can match an alert recipient or a configured responder"
            : null;
    }

    private string? FindResponder(string from)
    {
        var domain = DomainOf(from);
        foreach (var entry in options.Responders)
        {
            var responder = entry.Trim();
            if (responder.LastIndexOf('@') > 0)
            {
                if (SameAddress(responder, from))
                {
                    return responder;
                }
            }
            else if (responder.StartsWith("*.", StringComparison.Ordinal))
            {
                var parent = responder[2..];
                if (domain.Equals(parent, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + parent, StringComparison.OrdinalIgnoreCase))
                {
                    return responder;
                }
            }
            else if (domain.Equals(responder.TrimStart('@'), StringComparison.OrdinalIgnoreCase))
            {
                return "domain " + responder.TrimStart('@');
            }
        }

        return null;
    }

    /// <summary>Null when the topmost trusted Authentication-Results shows dmarc=pass for the From domain; else why not.</summary>
    private string? CheckDmarc(MimeMessage message, string from)
    {
        var trusted = string.Join(", ", options.TrustedAuthServIds);
        foreach (var header in message.Headers.GetAll("Authentication-Results"))
        {
            if (AuthenticationResultsParser.Parse(header.Value) is not { } results
                || !options.TrustedAuthServIds.Any(id => string.Equals(id.Trim(), results.AuthServId, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var dmarc = results.Find("dmarc");
            if (dmarc is null)
            {
                return $"anti-spoofing: Authentication-Results from {results.AuthServId} has no dmarc result";
            }

            if (dmarc.Result != "pass")
            {
                return $"anti-spoofing: Authentication-Results from {results.AuthServId} shows dmarc={dmarc.Result}{(dmarc.Reason is null ? string.Empty : $" ({dmarc.Reason})")}";
            }

            var domain = DomainOf(from);
            if (dmarc.Property("header.from") is { } checkedDomain && !checkedDomain.TrimEnd('.').Equals(domain, StringComparison.OrdinalIgnoreCase))
            {
                return $"anti-spoofing: dmarc=pass from {results.AuthServId} is for {checkedDomain}, not the From domain {domain}";
            }

            return null;
        }

        return $"anti-spoofing: no Authentication-Results header from a trusted server ({trusted})";
    }

    private static SenderDecision Reject(string reason) => new(false, reason);

    private static bool SameAddress(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string DomainOf(string address) => address.LastIndexOf('@') is var at and >= 0 ? address[(at + 1)..].Trim().TrimEnd('.') : string.Empty;

    private static string Describe(TimeSpan window) =>
        window.TotalHours >= 1 && window.TotalHours == Math.Floor(window.TotalHours) ? $"{window.TotalHours:0} hour(s)" : $"{window.TotalMinutes:0} minute(s)";
}
