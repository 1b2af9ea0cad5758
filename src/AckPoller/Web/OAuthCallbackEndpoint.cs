using AckPoller.Core.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AckPoller.Web;

/// <summary>GET /oauth/callback: the redirect URI of delegated accounts. Hands the query to
/// <see cref="AuthorizationCallbackHandler"/> (state matched in constant time, PKCE verifier redeemed) and shows the
/// result as a page for the person who signed in. Open without the API key: an unknown state is refused.</summary>
internal static class OAuthCallbackEndpoint
{
    public const string Path = "/oauth/callback";

    public static void Map(IEndpointRouteBuilder app) => app.MapGet(Path, HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext context, AuthorizationCallbackHandler handler)
    {
        var result = await handler.HandleAsync(AuthorizationCallback.FromQuery(context.Request.QueryString.Value ?? string.Empty), context.RequestAborted);
        var title = result.Succeeded ? "Signed in" : "Sign-in not completed";
        var content = $"""
            <main>
            <h1>{Html.Encode(title)}</h1>
            <p id="result" class="{(result.Succeeded ? "ok" : "error")}">{Html.Encode(result.Message)}</p>
            <p><a id="back" href="/">Back to the status page</a></p>
            </main>
            """;
        return Results.Content(Html.Document(title, content), "text/html; charset=utf-8", statusCode: result.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
