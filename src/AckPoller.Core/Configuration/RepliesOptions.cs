namespace AckPoller.Core.Configuration;

/// <summary>How replies are read and who may act: our own mail, responders, anti-spoofing, lockout. (What a reply without
/// a command does is Alerts:DefaultAction.)</summary>
public sealed class RepliesOptions
{
    /// <summary>Domains of AckPoller's own Message-IDs (the alerts' and confirmations' "…@domain"); mail with such a
    /// Message-ID is our own and never a reply to act on. Mail carrying an X-AckPoller-* header is recognised regardless,
    /// and the Alerts:MessageIdDomain is added to these where the services are registered.</summary>
    public IList<string> OwnMessageIdDomains { get; } = [];

    /// <summary>Who may act on any alert besides its recipients: addresses ("jane@example.com") or domains
    /// ("example.com" or "@example.com" for that domain exactly, "*.example.com" for its subdomains too).</summary>
    public IList<string> Responders { get; } = [];

    /// <summary>Anti-spoofing: accept a reply only when an Authentication-Results header from one of
    /// <see cref="TrustedAuthServIds"/> shows dmarc=pass for the From domain.</summary>
    public bool RequireDmarcPass { get; set; }

    /// <summary>The authserv-ids of the receiving servers whose Authentication-Results are believed (they must remove
    /// such headers claiming their id from incoming mail, as RFC 8601 section 5 asks).</summary>
    public IList<string> TrustedAuthServIds { get; } = [];

    /// <summary>After this many rejected replies from one sender within <see cref="LockoutWindow"/>, further replies from
    /// that sender are ignored without an answer until the older rejections fall out of the window.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutWindow { get; set; } = TimeSpan.FromHours(1);
}
