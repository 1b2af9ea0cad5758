using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AckPoller.Web;

/// <summary>GET /static/status.css: the page's only stylesheet, served as a file so the CSP needs no 'unsafe-inline'.</summary>
internal static class StatusPageStyles
{
    public const string Path = "/static/status.css";

    private const string Css = """
        body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem; color: #1b1b1b; }
        h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
        .banner { background: #b3261e; color: #fff; padding: .75rem 1rem; margin: .5rem 0; border-radius: 4px; }
        .banner a { color: #fff; font-weight: bold; }
        .banner form.sign-in-start { display: inline; }
        .banner button.sign-in { font-weight: bold; color: #b3261e; background: #fff; border: 0; border-radius: 3px; padding: .15rem .6rem; cursor: pointer; }
        .banner code { background: #fff; color: #b3261e; padding: 0 .3rem; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        td.comment, td.reason { max-width: 24rem; overflow-wrap: anywhere; white-space: pre-wrap; }
        .state-authorized, .ok { color: #1e6b2e; } .state-reauth_required, .state-credential_invalid, .state-mailbox_access_denied, .state-unconfigured, .error { color: #b3261e; font-weight: bold; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin: .5rem 0; }
        form.filters label { display: flex; flex-direction: column; font-size: .8rem; }
        .paging { margin: .5rem 0; display: flex; gap: 1rem; }
        .muted { color: #666; font-size: .85rem; }
        """;

    public static void Map(IEndpointRouteBuilder app) => app.MapGet(Path, (HttpContext context) =>
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text(Css, "text/css; charset=utf-8");
    });
}
