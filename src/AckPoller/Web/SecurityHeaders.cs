using Microsoft.AspNetCore.Http;

namespace AckPoller.Web;

/// <summary>Headers on every answer: no framing, no MIME sniffing, no referrer (sign-in URLs and callback codes must not
/// leak), nothing cached, and a CSP that allows only this server's stylesheet: the page has no script at all.</summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The same policy with form-action widened to the given origins (the status page's sign-in redirects).</summary>
    public static string AllowingFormRedirectsTo(IEnumerable<string> origins)
    {
        var extra = string.Join(' ', origins);
        return extra.Length == 0 ? ContentSecurityPolicy : ContentSecurityPolicy.Replace("form-action 'self'", "form-action 'self' " + extra, StringComparison.Ordinal);
    }

    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        return next(context);
    }
}
