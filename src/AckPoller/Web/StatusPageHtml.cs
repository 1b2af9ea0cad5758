using System.Globalization;
using System.Text;
using AckPoller.Core.Accounts;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Cluster;
using AckPoller.Core.Configuration;
using AckPoller.Core.Reporting;

namespace AckPoller.Web;

/// <summary>Renders <see cref="StatusPageModel"/> as HTML. Every value is encoded with <see cref="Html.Encode"/>.</summary>
internal static class StatusPageHtml
{
    public static string Render(StatusPageModel model)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<header><h1>AckPoller</h1><p class=\"muted\">As of ").Append(Html.Time(model.Now))
            .Append(" · refreshes every ").Append(StatusPage.RefreshSeconds).Append(" s · <a href=\"/api/acks\">API</a></p></header>\n");
        Banners(html, model);
        Accounts(html, model.Accounts);
        Nodes(html, model.Cluster);
        OpenAlerts(html, model.OpenAlerts);
        Silences(html, model.Silences);
        Acks(html, model);
        return Html.Document("AckPoller status", html.ToString(), StatusPage.RefreshSeconds);
    }

    private static void Banners(StringBuilder html, StatusPageModel model)
    {
        html.Append("<section id=\"banners\">\n");
        foreach (var account in model.Accounts)
        {
            if (!account.NeedsAttention)
            {
                continue;
            }

            html.Append("<div class=\"banner\" role=\"alert\" data-account=\"").Append(Html.Encode(account.Name)).Append("\">");
            var what = account.AuthState is AuthState.CredentialInvalid or AuthState.MailboxAccessDenied ? "Action required" : "Authorization required";
            html.Append(what).Append(" for <b>").Append(Html.Encode(account.Mailbox)).Append("</b> since ").Append(Html.Time(account.AuthSince));
            if (!string.IsNullOrWhiteSpace(account.AuthReason))
            {
                html.Append(" — ").Append(Html.Encode(account.AuthReason));
            }

            html.Append(" — ");
            SignIn(html, account, model.Now, model.SignInToken);
            html.Append("</div>\n");
        }

        html.Append("</section>\n");
    }

    private static void SignIn(StringBuilder html, AccountStatus account, DateTimeOffset now, Func<string, string>? token)
    {
        var challenge = account.SignIn;
        if (challenge is not null && !challenge.IsExpired(now))
        {
            if (challenge.IsDeviceCode && challenge.VerificationUrl is { } verification)
            {
                html.Append("Sign in: enter code <code class=\"user-code\">").Append(Html.Encode(challenge.UserCode)).Append("</code> at <a class=\"sign-in\" href=\"")
                    .Append(Html.Encode(verification.AbsoluteUri)).Append("\" rel=\"noreferrer\">").Append(Html.Encode(verification.AbsoluteUri)).Append("</a>");
                return;
            }

            if (challenge.AuthorizationUrl is { } url)
            {
                html.Append("<a class=\"sign-in\" href=\"").Append(Html.Encode(url.AbsoluteUri)).Append("\" rel=\"noreferrer\">Sign in</a>");
                return;
            }
        }

        if (token is not null && SignInStartEndpoint.Offers(account.AuthKind, account.AuthState))
        {
            html.Append("<form class=\"sign-in-start\" method=\"post\" action=\"").Append(Html.Encode(SignInStartEndpoint.PathFor(account.Name)))
                .Append("\"><input type=\"hidden\" name=\"").Append(SignInStartEndpoint.TokenField).Append("\" value=\"").Append(Html.Encode(token(account.Name)))
                .Append("\"><button class=\"sign-in\" type=\"submit\">Sign in</button></form> or ");
        }

        html.Append(account.AuthState is AuthState.CredentialInvalid or AuthState.MailboxAccessDenied
            ? "fix the configuration, then restart AckPoller"
            : "run <code>ackpoller auth login " + Html.Encode(account.Name) + "</code>");
    }

    private static void Accounts(StringBuilder html, IReadOnlyList<AccountStatus> accounts)
    {
        html.Append("<h2>Accounts</h2>\n<table id=\"accounts\"><thead><tr><th>Account</th><th>Mailbox</th><th>Protocol</th><th>Auth</th>")
            .Append("<th>Last poll</th><th>Last error</th><th>IDLE</th><th>Pending outbox</th></tr></thead><tbody>\n");
        foreach (var account in accounts)
        {
            var activity = account.Activity;
            var state = Names.Of(account.AuthState);
            html.Append("<tr data-account=\"").Append(Html.Encode(account.Name)).Append("\"><td>").Append(Html.Encode(account.Name))
                .Append("</td><td>").Append(Html.Encode(account.Mailbox))
                .Append("</td><td>").Append(Names.Of(account.Protocol))
                .Append("</td><td class=\"auth-state state-").Append(state).Append("\">").Append(state)
                .Append("</td><td>").Append(Html.Time(activity?.LastPollAt));
            if (activity?.LastPollSucceeded is { } succeeded)
            {
                html.Append(succeeded ? " <span class=\"ok\">ok</span>" : " <span class=\"error\">failed</span>");
            }

            if (!string.IsNullOrEmpty(activity?.LastPollSummary))
            {
                html.Append("<br><span class=\"muted\">").Append(Html.Encode(activity.LastPollSummary)).Append("</span>");
            }

            html.Append("</td><td class=\"reason\">");
            if (!string.IsNullOrEmpty(activity?.LastError))
            {
                html.Append(Html.Encode(activity.LastError)).Append("<br><span class=\"muted\">").Append(Html.Time(activity.LastErrorAt)).Append("</span>");
            }

            html.Append("</td><td>").Append(!account.IdleEnabled ? "off" : activity?.IdleConnected == true ? "connected" : "not connected")
                .Append("</td><td>").Append(account.PendingOutbox.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    /// <summary>PostgreSQL only: every registered node (a lost one marked), and the IDLE accounts whose lock it holds.</summary>
    private static void Nodes(StringBuilder html, ClusterOverview? cluster)
    {
        if (cluster is null)
        {
            return;
        }

        html.Append("<h2>Nodes</h2>\n<table id=\"nodes\"><thead><tr><th>Node</th><th>Host</th><th>Version</th><th>Started</th><th>Last heartbeat</th><th>State</th><th>IDLE accounts</th></tr></thead><tbody>\n");
        foreach (var node in cluster.Nodes)
        {
            var alive = node.State == ClusterNodeView.Alive;
            html.Append("<tr data-node=\"").Append(Html.Encode(node.Id)).Append("\" class=\"node-").Append(Html.Encode(node.State)).Append("\"><td>").Append(Html.Encode(node.Id))
                .Append("</td><td>").Append(Html.Encode(node.Host)).Append("</td><td>").Append(Html.Encode(node.Version))
                .Append("</td><td>").Append(Html.Time(node.Started)).Append("</td><td>").Append(Html.Time(node.LastHeartbeat))
                .Append("</td><td class=\"").Append(alive ? "ok" : "error").Append("\">").Append(Html.Encode(node.State))
                .Append("</td><td class=\"idle-accounts\">").Append(node.IdleAccounts.Count == 0 ? "—" : Html.Encode(string.Join(", ", node.IdleAccounts))).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
        if (cluster.UnownedIdleAccounts.Count > 0)
        {
            html.Append("<p id=\"unowned-idle\" class=\"error\">IDLE accounts no node owns right now: ").Append(Html.Encode(string.Join(", ", cluster.UnownedIdleAccounts))).Append("</p>\n");
        }
    }

    /// <summary>Shown only when there are any: each acknowledged alert's Alertmanager silence (linked), or why it was refused.</summary>
    private static void Silences(StringBuilder html, IReadOnlyList<(Alert Alert, AlertSilence Silence)> silences)
    {
        if (silences.Count == 0)
        {
            return;
        }

        html.Append("<h2>Alertmanager silences</h2>\n<table id=\"silences\"><thead><tr><th>Alert</th><th>Subject</th><th>Silence</th><th>Until</th></tr></thead><tbody>\n");
        foreach (var (alert, silence) in silences)
        {
            html.Append("<tr><td>").Append(alert.Reference.ToString()).Append("</td><td>").Append(Html.Encode(alert.Subject)).Append("</td><td>");
            if (silence.Error is not null)
            {
                html.Append("<span class=\"error\">not made: ").Append(Html.Encode(silence.Error)).Append("</span>");
            }
            else if (silence.Link is not null)
            {
                html.Append("<a class=\"silence\" href=\"").Append(Html.Encode(silence.Link)).Append("\" rel=\"noreferrer\">").Append(Html.Encode(silence.Id)).Append("</a>");
            }
            else
            {
                html.Append(Html.Encode(silence.Id));
            }

            html.Append("</td><td>").Append(silence.Until is { } until ? Html.Time(until) : "—").Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void OpenAlerts(StringBuilder html, IReadOnlyList<Alert> alerts)
    {
        html.Append("<h2>Open alerts (").Append(alerts.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>\n");
        html.Append("<table id=\"alerts\"><thead><tr><th>Alert</th><th>Subject</th><th>Severity</th><th>Source</th><th>To</th><th>Raised</th></tr></thead><tbody>\n");
        foreach (var alert in alerts)
        {
            html.Append("<tr><td><a href=\"").Append(Html.Encode(new StatusPageFilters(null, null, null, null, alert.Reference.ToString(), null).Query(null))).Append("\">")
                .Append(alert.Reference.ToString()).Append("</a></td><td>").Append(Html.Encode(alert.Subject))
                .Append("</td><td>").Append(Html.Encode(alert.Severity)).Append("</td><td>").Append(Html.Encode(alert.Source))
                .Append("</td><td>").Append(Html.Encode(string.Join(", ", alert.Recipients))).Append("</td><td>").Append(Html.Time(alert.CreatedAt)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Acks(StringBuilder html, StatusPageModel model)
    {
        var filters = model.Filters;
        html.Append("<h2>Latest acknowledgements</h2>\n<form id=\"filters\" class=\"filters\" method=\"get\" action=\"/\">");
        TextField(html, "since", "Since (24h, 7d, date)", filters.Since);
        Choice(html, "action", "Action", filters.Action, Enum.GetValues<AckAction>().Select(v => Names.Of(v)));
        Choice(html, "outcome", "Outcome", filters.Outcome, Enum.GetValues<AckOutcome>().Select(v => Names.Of(v)));
        TextField(html, "by", "By (address)", filters.By);
        TextField(html, "alert", "Alert (AP-…)", filters.Alert);
        html.Append("<button id=\"apply\" type=\"submit\">Filter</button> <a id=\"clear\" href=\"/\">Clear</a></form>\n");

        if (model.FilterError is { } error)
        {
            html.Append("<p id=\"filter-error\" class=\"error\">").Append(Html.Encode(error)).Append("</p>\n");
        }

        html.Append("<table id=\"acks\"><thead><tr><th>Processed</th><th>Alert</th><th>Action</th><th>Outcome</th><th>By</th><th>Comment</th><th>Reason</th><th>Account</th></tr></thead><tbody>\n");
        foreach (var entry in model.Acks?.Entries ?? [])
        {
            html.Append("<tr data-id=\"").Append(entry.Id.ToString(CultureInfo.InvariantCulture)).Append("\"><td>").Append(Html.Time(entry.ProcessedAt))
                .Append("</td><td class=\"alert\">").Append(entry.AlertReference?.ToString() ?? "—")
                .Append("</td><td class=\"action\">").Append(entry.Action is { } action ? Names.Of(action) : "—").Append(Html.Encode(entry.Argument is null ? null : " " + entry.Argument))
                .Append("</td><td class=\"outcome\">").Append(Names.Of(entry.Outcome))
                .Append("</td><td class=\"by\">").Append(Html.Encode(entry.ActorName is null ? entry.ActorAddress : $"{entry.ActorName} <{entry.ActorAddress}>"))
                .Append("</td><td class=\"comment\">").Append(Html.Encode(entry.Comment))
                .Append("</td><td class=\"reason\">").Append(Html.Encode(entry.Reason))
                .Append("</td><td>").Append(Html.Encode(entry.Account)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n<nav class=\"paging\">");
        if (filters.After is not null)
        {
            html.Append("<a id=\"newest\" href=\"").Append(Html.Encode(filters.Query(null))).Append("\">Newest</a>");
        }

        if (model.Acks?.Next is { } next)
        {
            html.Append("<a id=\"older\" href=\"").Append(Html.Encode(filters.Query(next.ToString()))).Append("\">Older →</a>");
        }

        html.Append("</nav>\n");
    }

    private static void TextField(StringBuilder html, string name, string label, string? value) =>
        html.Append("<label>").Append(label).Append(" <input name=\"").Append(name).Append("\" id=\"filter-").Append(name)
            .Append("\" value=\"").Append(Html.Encode(value)).Append("\"></label>");

    private static void Choice(StringBuilder html, string name, string label, string? selected, IEnumerable<string> options)
    {
        html.Append("<label>").Append(label).Append(" <select name=\"").Append(name).Append("\" id=\"filter-").Append(name).Append("\"><option value=\"\">any</option>");
        foreach (var option in options)
        {
            html.Append("<option").Append(string.Equals(option, selected, StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty)
                .Append('>').Append(option).Append("</option>");
        }

        html.Append("</select></label>");
    }
}
