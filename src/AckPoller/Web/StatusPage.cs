using AckPoller.Core.Accounts;
using AckPoller.Core.Alerts;
using AckPoller.Core.Cluster;
using AckPoller.Core.Reporting;
using AckPoller.Core.Configuration;
using AckPoller.Core.Integrations.Alertmanager;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AckPoller.Web;

/// <summary>GET /: the status page, rendered on the server (no script): a red banner per account that needs a person,
/// the accounts, the nodes (PostgreSQL: alive or lost, and the IDLE accounts each owns), the open alerts, and the latest acks with filters (since, action, outcome, by, alert) and paging
/// (?after=cursor). Reloads itself every 30 seconds.</summary>
internal static class StatusPage
{
    public const int PageSize = 50;
    public const int RefreshSeconds = 30;
    public const int OpenAlertsShown = 50;

    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/", RenderAsync);

    private static async Task<IResult> RenderAsync(HttpContext context, AccountStatusService accounts, IAlertStore alerts, IAckLogStore log, TimeProvider time, SignInTokens tokens, AckPollerOptions options,
        IExternalSilenceStore silences)
    {
        var now = time.GetUtcNow();
        context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.AllowingFormRedirectsTo(AuthorizationOrigins(options));
        var model = new StatusPageModel
        {
            Now = now,
            SignInToken = tokens.Issue,
            Accounts = await accounts.GetAllAsync(context.RequestAborted),
            OpenAlerts = await alerts.ListAsync(AlertState.Open, OpenAlertsShown, context.RequestAborted),
            Filters = StatusPageFilters.From(context.Request.Query),
            Silences = await SilencesAsync(silences, alerts, options.Integrations.Alertmanager.Url, context.RequestAborted),
            Cluster = await ClusterEndpoints.OverviewAsync(context),
        };
        var status = StatusCodes.Status200OK;
        if (AckLogFilter.TryParse(context.Request.Query, now, PageSize, out var query, out var error))
        {
            // The page's size is fixed; ?limit= is for the API.
            model = model with { Acks = await log.QueryAsync(query with { Limit = PageSize }, context.RequestAborted) };
        }
        else
        {
            model = model with { FilterError = $"{error.Parameter}: {error.Message}" };
            status = StatusCodes.Status400BadRequest;
        }

        return Results.Content(StatusPageHtml.Render(model), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>The Alertmanager silences of unresolved alerts, newest alert first, linked to Alertmanager's UI when its URL is known.</summary>
    private static async Task<IReadOnlyList<(Alert Alert, AlertSilence Silence)>> SilencesAsync(IExternalSilenceStore silences, IAlertStore alerts, string? url, CancellationToken cancellationToken)
    {
        var result = new List<(Alert, AlertSilence)>();
        foreach (var link in (await silences.SilencedUnresolvedAsync("alertmanager", cancellationToken)).OrderByDescending(l => l.AlertId).Take(OpenAlertsShown))
        {
            if (await alerts.GetAsync(link.AlertId, cancellationToken) is { } alert
                && (await new AlertDetails(alert, []).WithSilenceAsync(silences, url, cancellationToken)).Silence is { } silence)
            {
                result.Add((alert, silence));
            }
        }

        return result;
    }

    /// <summary>Where the "Sign in" forms' redirect may lead: browsers apply the page's form-action to the redirect
    /// after a form POST, so the authorities of authorization-code accounts must be named next to 'self'.</summary>
    internal static IEnumerable<string> AuthorizationOrigins(AckPollerOptions options) => options.Accounts
        .Where(a => a.AuthKind == AccountAuthKind.DelegatedAuthorizationCode)
        .Select(a => Uri.TryCreate(a.ResolvedAuthority, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri.GetLeftPart(UriPartial.Authority) : null)
        .OfType<string>()
        .Distinct(StringComparer.OrdinalIgnoreCase);
}

/// <summary>What the status page shows.</summary>
internal sealed record StatusPageModel
{
    public required DateTimeOffset Now { get; init; }

    public required IReadOnlyList<AccountStatus> Accounts { get; init; }

    public required IReadOnlyList<Alert> OpenAlerts { get; init; }

    /// <summary>Alertmanager silences AckPoller made for acknowledged alerts that are not resolved yet.</summary>
    public IReadOnlyList<(Alert Alert, AlertSilence Silence)> Silences { get; init; } = [];

    public required StatusPageFilters Filters { get; init; }

    /// <summary>The nodes and their IDLE accounts (PostgreSQL); null with SQLite, where the section is not shown.</summary>
    public ClusterOverview? Cluster { get; init; }

    /// <summary>The anti-forgery token for an account's "Sign in" form; null renders no form (the CLI hint only).</summary>
    public Func<string, string>? SignInToken { get; init; }

    public AckLogPage? Acks { get; init; }

    public string? FilterError { get; init; }
}

/// <summary>The filter form's values as typed (shown back in the form and carried into the paging links).</summary>
internal sealed record StatusPageFilters(string? Since, string? Action, string? Outcome, string? By, string? Alert, string? After)
{
    public static StatusPageFilters From(IQueryCollection query) => new(
        AckLogFilter.Value(query, "since"), AckLogFilter.Value(query, "action"), AckLogFilter.Value(query, "outcome"),
        AckLogFilter.Value(query, "by"), AckLogFilter.Value(query, "alert"), AckLogFilter.Value(query, "after"));

    /// <summary>"?since=…&amp;action=…" with these filters and the given cursor (null: the newest page).</summary>
    public string Query(string? after)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("since", Since);
        Add("action", Action);
        Add("outcome", Outcome);
        Add("by", By);
        Add("alert", Alert);
        Add("after", after);
        return parts.Count == 0 ? "/" : "/?" + string.Join('&', parts);
    }
}
