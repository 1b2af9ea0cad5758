using System.Net;

namespace AckPoller.EntraStandIn.Endpoints;

/// <summary>The stand-in's small HTML pages (sign-in, device login, errors).</summary>
internal static class HtmlPage
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static Task WriteAsync(HttpContext context, int statusCode, string title, string bodyHtml)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{Encode(title)}}</title>
            <style>body{font-family:sans-serif;max-width:28em;margin:3em auto}label,input,button{display:block;margin:.4em 0}
            input{width:100%}.error{color:#a00}.note{color:#555;font-size:.9em}</style></head>
            <body><h1>{{Encode(title)}}</h1>
            {{bodyHtml}}
            <p class="note">AckPoller sandbox: a local stand-in for Microsoft Entra ID.</p></body></html>
            """;
        return context.Response.WriteAsync(html, context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, int statusCode, Protocol.EntraError error) =>
        WriteAsync(context, statusCode, "Sign in: error", $"<p class=\"error\" id=\"error\">{Encode(error.Summary)}</p>");
}
