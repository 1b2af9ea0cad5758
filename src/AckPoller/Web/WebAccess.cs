using AckPoller.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Web;

/// <summary>Who may see what, when an API key is configured: /api/* needs the X-Api-Key header (a cookie is never
/// enough there, so cross-site requests cannot use it); the status page accepts the header or the cookie its sign-in
/// form sets; /healthz answers everyone but gives details only with the key; /oauth/callback is always open (it is
/// protected by the sign-in's state and PKCE). Without a key (loopback binding) everything is open, but only to requests
/// addressed to a loopback name or a configured redirect URI's host: a web page that rebinds its own DNS name to
/// 127.0.0.1 cannot read the API.</summary>
internal sealed class WebAccess(ApiKey key, AllowedHosts hosts)
{
    public const string CookieName = "ackpoller_page";
    private const string GrantedItem = "ackpoller.key-granted";

    public ApiKey Key => key;

    /// <summary>True when the request may see everything (no key configured, or it presented the key).</summary>
    public static bool IsGranted(HttpContext context) => context.Items.TryGetValue(GrantedItem, out var granted) && granted is true;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (!key.IsRequired && !hosts.Allows(context.Request.Host.Host))
        {
            await WebProblem.Write(context, StatusCodes.Status421MisdirectedRequest, "Unknown host",
                "This AckPoller answers on loopback names only (set Web:ApiKeyEnv to serve other names).", parameter: null);
            return;
        }

        var headerOk = key.Matches(context.Request.Headers[ApiKey.HeaderName].FirstOrDefault());
        var cookieOk = key.MatchesPageToken(context.Request.Cookies[CookieName]);
        var isApi = path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
        var isMetrics = path.StartsWithSegments(MetricsEndpoint.Path, StringComparison.OrdinalIgnoreCase);
        var granted = !key.IsRequired || headerOk || (cookieOk && !isApi && !isMetrics);
        if (!granted && isMetrics && context.RequestServices.GetService<ScrapeToken>() is { } scrape && scrape.Allows(context))
        {
            // The scrape token opens /metrics and nothing else.
            await next(context);
            return;
        }

        context.Items[GrantedItem] = granted;
        if (granted || IsOpen(path))
        {
            await next(context);
            return;
        }

        if (isApi || isMetrics || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKey.HeaderName}\"";
            await WebProblem.Write(context, StatusCodes.Status401Unauthorized, "API key required",
                $"Send the API key in the {ApiKey.HeaderName} header.", parameter: null);
            return;
        }

        context.Response.Redirect(PageSignIn.Path + "?return=" + Uri.EscapeDataString(path + context.Request.QueryString));
    }

    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments(OAuthCallbackEndpoint.Path, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(AlertmanagerEndpoint.Path, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(HealthEndpoint.Path, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(HealthProbes.LivePath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(HealthProbes.ReadyPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(PageSignIn.Path, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(StatusPageStyles.Path, StringComparison.OrdinalIgnoreCase);
}
