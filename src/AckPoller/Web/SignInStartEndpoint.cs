using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AckPoller.Web;

/// <summary>POST /accounts/{name}/sign-in: the status page's "Sign in" button for a delegated account that has no usable
/// sign-in link (never signed in, or its code expired). Starts a sign-in through the account's authenticator — the
/// pending challenge while it still works, so repeated clicks issue nothing new — then sends the browser to the
/// authorization URL (authorization-code accounts; /oauth/callback finishes it) or back to the page, whose banner shows
/// the device code while the worker polls it to completion. Cross-site requests are refused twice over: the browser's
/// Sec-Fetch-Site (or Origin) must say same-origin, and the form must carry the page's <see cref="SignInTokens"/> token.
/// On a keyed binding the API key cookie (SameSite=Strict) or header is needed as well (<see cref="WebAccess"/>).</summary>
internal static class SignInStartEndpoint
{
    public const string TokenField = "token";

    public static string PathFor(string account) => "/accounts/" + Uri.EscapeDataString(account) + "/sign-in";

    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/accounts/{name}/sign-in", StartAsync);

    /// <summary>The accounts the button is for: delegated, and waiting for a person to sign in.</summary>
    public static bool Offers(AccountAuthKind kind, AuthState state) =>
        kind is AccountAuthKind.DelegatedAuthorizationCode or AccountAuthKind.DelegatedDeviceCode
        && state is AuthState.Unconfigured or AuthState.ReauthRequired;

    private static async Task<IResult> StartAsync(string name, HttpContext context, AccountAuthenticators accounts, SignInTokens tokens, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("AckPoller.Web.SignInStart");
        if (!IsSameOrigin(context.Request))
        {
            WebLog.CrossSiteSignInRefused(logger, context.Request.Headers.Origin.ToString(), context.Request.Headers["Sec-Fetch-Site"].ToString());
            return WebProblem.Result(StatusCodes.Status403Forbidden, "Cross-site request refused", "Start the sign-in from AckPoller's status page.", parameter: null);
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        if (!accounts.TryGet(name, out var account))
        {
            return WebProblem.NotFound($"No account named '{name}' is configured.");
        }

        if (!tokens.Verify(account.Name, form[TokenField].FirstOrDefault()))
        {
            WebLog.SignInWithoutFormToken(logger, account.Name);
            return WebProblem.Result(StatusCodes.Status403Forbidden, "Form expired", "The sign-in form is missing or out of date: reload the status page and press Sign in again.", TokenField);
        }

        var status = await account.GetStatusAsync(context.RequestAborted);
        if (!Offers(account.Options.AuthKind, status.State))
        {
            return WebProblem.Conflict(account.Options.IsDelegated
                ? $"Account {account.Name} is {Core.Reporting.Names.Of(status.State)}; there is nothing to sign in from here."
                : $"Account {account.Name} uses {account.Options.AuthKind}; nobody signs it in.");
        }

        SignInChallenge challenge;
        try
        {
            challenge = await account.StartSignInAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            WebLog.SignInCouldNotStart(logger, ex, account.Name, ex.Message);
            return WebProblem.Result(StatusCodes.Status502BadGateway, "Sign-in not started", $"The sign-in could not be started: {ex.Message}", parameter: null);
        }

        WebLog.SignInStarted(logger, account.Name, context.Connection.RemoteIpAddress);
        var target = !challenge.IsDeviceCode && challenge.AuthorizationUrl is { } url ? url.AbsoluteUri : "/";
        context.Response.Headers.Location = target;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>Browsers say where a request comes from in Sec-Fetch-Site (all current ones) or Origin. A client that
    /// sends neither is not a browser a hostile page could drive; it still needs the form token.</summary>
    internal static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return string.Equals(site, "same-origin", StringComparison.OrdinalIgnoreCase);
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0
            || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
