using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AckPoller.Web;

/// <summary>/signin: when an API key is configured, a browser gets the status page after typing the key once. POST
/// checks it (constant time) and sets an HttpOnly, SameSite=Strict cookie holding a value derived from the key (never
/// the key), then redirects back to the page it came from (local paths only).</summary>
internal static class PageSignIn
{
    public const string Path = "/signin";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context) => Form(ReturnPath(context.Request.Query["return"]), error: null, StatusCodes.Status200OK));
        app.MapPost(Path, SubmitAsync);
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, WebAccess access, ILoggerFactory loggers)
    {
        IFormCollection form;
        try
        {
            form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        }
        catch (InvalidDataException)
        {
            // e.g. a NUL in a field: the form cannot be read, so nothing in it is trusted.
            return Form("/", "The form could not be read.", StatusCodes.Status400BadRequest);
        }

        var back = ReturnPath(form["return"]);
        if (!access.Key.IsRequired)
        {
            return Results.Redirect(back);
        }

        if (!access.Key.Matches(form["key"].FirstOrDefault()))
        {
            WebLog.SignInWrongApiKey(loggers.CreateLogger("AckPoller.Web.SignIn"), context.Connection.RemoteIpAddress);
            return Form(back, "That is not the API key.", StatusCodes.Status401Unauthorized);
        }

        context.Response.Cookies.Append(WebAccess.CookieName, access.Key.PageToken, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = TimeSpan.FromDays(7),
        });
        return Results.Redirect(back);
    }

    /// <summary>Only a path on this server, exactly as given (see <see cref="LocalReturnPath"/>); anything else → "/".</summary>
    private static string ReturnPath(string? requested) => LocalReturnPath.OrRoot(requested);

    private static IResult Form(string back, string? error, int status)
    {
        var message = error is null ? string.Empty : $"<p id=\"error\" class=\"error\">{Html.Encode(error)}</p>";
        var body = $"""
            <main>
            <h1>AckPoller status</h1>
            <p>This AckPoller is reachable from other machines, so the status page needs its API key (Web:ApiKeyEnv or Web:ApiKeyFile).</p>
            {message}
            <form method="post" action="{Path}">
            <input type="hidden" name="return" value="{Html.Encode(back)}">
            <label for="key">API key</label>
            <input id="key" name="key" type="password" autocomplete="current-password" required>
            <button id="submit" type="submit">Open the status page</button>
            </form>
            </main>
            """;
        return Results.Content(Html.Document("AckPoller — API key", body), "text/html; charset=utf-8", statusCode: status);
    }
}
