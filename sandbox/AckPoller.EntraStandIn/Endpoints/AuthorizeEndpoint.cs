using AckPoller.EntraStandIn.Grants;
using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Protocol;
using AckPoller.EntraStandIn.Registration;

namespace AckPoller.EntraStandIn.Endpoints;

/// <summary>/{tenant}/oauth2/v2.0/authorize. GET shows the sign-in form (or, with login_hint and
/// sandbox_auto_approve=true, signs the hinted user in at once); POST to the same URL (query string kept) with form
/// fields login and passwd signs in, consent implied. Success redirects to redirect_uri with code and state.
/// Unknown client or unregistered redirect_uri get an error page, never a redirect.</summary>
internal static class AuthorizeEndpoint
{
    public const string AutoApproveParameter = "sandbox_auto_approve";

    public static async Task GetAsync(HttpContext context, string tenant, StandInState state)
    {
        var (request, pageError) = Validate(context, tenant, state);
        if (request is null)
        {
            if (pageError is not null)
            {
                await HtmlPage.ErrorAsync(context, 400, pageError);
            }

            return;
        }

        var hint = context.Request.Query["login_hint"].ToString();
        if (state.Options.AllowAutoApprove && context.Request.Query[AutoApproveParameter] == "true" && state.IsSandboxUser(hint))
        {
            RedirectWithCode(context, state, request, hint);
            return;
        }

        await ShowFormAsync(context, state, request.App, hint, error: null);
    }

    public static async Task PostAsync(HttpContext context, string tenant, StandInState state)
    {
        var (request, pageError) = Validate(context, tenant, state);
        if (request is null)
        {
            if (pageError is not null)
            {
                await HtmlPage.ErrorAsync(context, 400, pageError);
            }

            return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        if (form.ContainsKey("decline"))
        {
            RedirectWithError(context, request.RedirectUri, "access_denied", "AADSTS65004: User declined to consent to access the app.");
            return;
        }

        var user = form["login"].ToString().Trim();
        if (!state.CheckCredentials(user, form["passwd"]))
        {
            await ShowFormAsync(context, state, request.App, user, "AADSTS50126: Error validating credentials due to invalid username or password.");
            return;
        }

        RedirectWithCode(context, state, request, user);
    }

    /// <summary>The request, or null with the error page to show (null page: already answered with a redirect).</summary>
    private static (AuthorizeRequest? Request, EntraError? PageError) Validate(HttpContext context, string tenant, StandInState state)
    {
        var query = context.Request.Query;
        if (!state.IsKnownTenant(tenant))
        {
            return (null, EntraErrors.UnknownTenant(tenant));
        }

        string? clientId = query["client_id"];
        if (state.Registry.FindApp(clientId) is not { } app)
        {
            return (null, EntraErrors.UnknownClient(clientId, tenant));
        }

        var redirectUri = query["redirect_uri"].ToString();
        if (!app.AllowsRedirectUri(redirectUri))
        {
            return (null, new EntraError(400, "invalid_request", 50011,
                $"The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{app.ClientId}'."));
        }

        if (query["response_type"] != "code")
        {
            RedirectWithError(context, redirectUri, "unsupported_response_type", "AADSTS700054: response_type must be 'code'.");
            return (null, null);
        }

        var (_, scopeError) = ScopeParser.ParseDelegated(query["scope"]);
        if (scopeError is not null)
        {
            RedirectWithError(context, redirectUri, scopeError.Error, scopeError.Summary);
            return (null, null);
        }

        string? challenge = query["code_challenge"];
        string? method = query["code_challenge_method"];
        if (challenge is not null && method is not (null or "S256" or "plain"))
        {
            RedirectWithError(context, redirectUri, "invalid_request", "AADSTS501491: Invalid size of Code_Challenge parameter or unsupported code_challenge_method.");
            return (null, null);
        }

        return (new AuthorizeRequest(app, redirectUri, query["scope"].ToString(), query["state"], challenge, method, query["nonce"]), null);
    }

    private static void RedirectWithCode(HttpContext context, StandInState state, AuthorizeRequest request, string user)
    {
        var code = state.Codes.Issue(new AuthorizationCode(
            request.App.ClientId, request.RedirectUri, user, request.Scope, request.CodeChallenge, request.CodeChallengeMethod, request.Nonce,
            state.Time.GetUtcNow() + state.Options.AuthorizationCodeLifetime));
        var parameters = new List<KeyValuePair<string, string?>> { new("code", code) };
        if (request.State is not null)
        {
            parameters.Add(new("state", request.State));
        }

        parameters.Add(new("session_state", Guid.NewGuid().ToString()));
        context.Response.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(request.RedirectUri, parameters));
    }

    private static void RedirectWithError(HttpContext context, string redirectUri, string error, string description)
    {
        var parameters = new List<KeyValuePair<string, string?>> { new("error", error), new("error_description", description) };
        if (context.Request.Query["state"] is { Count: > 0 } stateValue)
        {
            parameters.Add(new("state", stateValue[0]));
        }

        context.Response.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(redirectUri, parameters));
    }

    private static Task ShowFormAsync(HttpContext context, StandInState state, RegisteredApp app, string? user, string? error)
    {
        var action = context.Request.Path + context.Request.QueryString;
        var errorHtml = error is null ? string.Empty : $"<p class=\"error\" id=\"error\">{HtmlPage.Encode(error)}</p>";
        return HtmlPage.WriteAsync(context, 200, "Sign in", $"""
            <p>to <b>{HtmlPage.Encode(app.Registration.DisplayName)}</b> ({HtmlPage.Encode(app.ClientId)}). Signing in grants the requested permissions.</p>
            {errorHtml}
            <form method="post" action="{HtmlPage.Encode(action)}">
            <label for="login">Email (any address @{HtmlPage.Encode(state.Options.UserDomain)})</label>
            <input id="login" name="login" type="email" value="{HtmlPage.Encode(user)}" required>
            <label for="passwd">Password (the sandbox password)</label>
            <input id="passwd" name="passwd" type="password" required>
            <button type="submit" id="signin">Sign in and accept</button>
            <button type="submit" name="decline" value="1" formnovalidate>Decline</button>
            </form>
            """);
    }

    private sealed record AuthorizeRequest(
        RegisteredApp App, string RedirectUri, string Scope, string? State, string? CodeChallenge, string? CodeChallengeMethod, string? Nonce);
}
