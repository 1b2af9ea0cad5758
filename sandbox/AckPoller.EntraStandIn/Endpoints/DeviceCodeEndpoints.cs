using System.Text.Json.Nodes;
using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Protocol;

namespace AckPoller.EntraStandIn.Endpoints;

/// <summary>POST /{tenant}/oauth2/v2.0/devicecode starts a device sign-in; GET /devicelogin shows the verification
/// page and POST /devicelogin (form: otc, login, passwd; or otc and decline) approves or declines it.
/// The page answers 200 on approval, 400 for an unknown code, 401 for wrong credentials.</summary>
internal static class DeviceCodeEndpoints
{
    public const string VerificationPath = "/devicelogin";

    public static async Task StartAsync(HttpContext context, string tenant, StandInState state)
    {
        var now = state.Time.GetUtcNow();
        if (!state.IsKnownTenant(tenant))
        {
            await OAuthResponses.WriteErrorAsync(context, EntraErrors.UnknownTenant(tenant), now);
            return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        string? clientId = form["client_id"];
        if (state.Registry.FindApp(clientId) is not { } app)
        {
            await OAuthResponses.WriteErrorAsync(context, EntraErrors.UnknownClient(clientId, tenant), now);
            return;
        }

        var (_, scopeError) = ScopeParser.ParseDelegated(form["scope"]);
        if (scopeError is not null)
        {
            await OAuthResponses.WriteErrorAsync(context, scopeError, now);
            return;
        }

        var options = state.Options;
        var authorization = state.DeviceCodes.Create(app.ClientId, form["scope"].ToString(), options.DeviceCodeLifetime, options.DeviceCodeInterval);
        var verificationUri = $"{context.Request.Scheme}://{context.Request.Host}{VerificationPath}";
        await OAuthResponses.WriteJsonAsync(context, 200, new JsonObject
        {
            ["user_code"] = authorization.UserCode,
            ["device_code"] = authorization.DeviceCode,
            ["verification_uri"] = verificationUri,
            ["expires_in"] = (int)options.DeviceCodeLifetime.TotalSeconds,
            ["interval"] = (int)Math.Ceiling(options.DeviceCodeInterval.TotalSeconds),
            ["message"] = $"To sign in, use a web browser to open the page {verificationUri} and enter the code {authorization.UserCode} to authenticate.",
        });
    }

    public static Task ShowPageAsync(HttpContext context, StandInState state) =>
        ShowFormAsync(context, 200, state, context.Request.Query["otc"], error: null);

    public static async Task SubmitAsync(HttpContext context, StandInState state)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        var userCode = form["otc"].ToString().Trim();
        var authorization = state.DeviceCodes.FindByUserCode(userCode);
        if (authorization is null)
        {
            await ShowFormAsync(context, 400, state, userCode, "AADSTS70019: The code you entered has expired, is unknown or was already used.");
            return;
        }

        if (form.ContainsKey("decline"))
        {
            state.DeviceCodes.Decline(userCode);
            await HtmlPage.WriteAsync(context, 200, "Sign-in declined", "<p id=\"result\">You declined the sign-in on your device.</p>");
            return;
        }

        var user = form["login"].ToString().Trim();
        if (!state.CheckCredentials(user, form["passwd"]))
        {
            await ShowFormAsync(context, 401, state, userCode, "AADSTS50126: Error validating credentials due to invalid username or password.");
            return;
        }

        if (!state.DeviceCodes.Approve(userCode, user))
        {
            await ShowFormAsync(context, 400, state, userCode, "AADSTS70019: This code was already used.");
            return;
        }

        var appName = state.Registry.FindApp(authorization.ClientId)?.Registration.DisplayName ?? authorization.ClientId;
        await HtmlPage.WriteAsync(context, 200, "Signed in",
            $"<p id=\"result\">You have signed in to {HtmlPage.Encode(appName)} on your device as {HtmlPage.Encode(user)}. You may now close this window.</p>");
    }

    private static Task ShowFormAsync(HttpContext context, int statusCode, StandInState state, string? userCode, string? error)
    {
        var errorHtml = error is null ? string.Empty : $"<p class=\"error\" id=\"error\">{HtmlPage.Encode(error)}</p>";
        return HtmlPage.WriteAsync(context, statusCode, "Enter code", $"""
            <p>Enter the code displayed on your app or device, then sign in.</p>
            {errorHtml}
            <form method="post" action="{VerificationPath}">
            <label for="otc">Code</label><input id="otc" name="otc" value="{HtmlPage.Encode(userCode)}" required>
            <label for="login">Email (any address @{HtmlPage.Encode(state.Options.UserDomain)})</label><input id="login" name="login" type="email" required>
            <label for="passwd">Password (the sandbox password)</label><input id="passwd" name="passwd" type="password" required>
            <button type="submit" id="signin">Sign in and accept</button>
            <button type="submit" name="decline" value="1" formnovalidate>Decline</button>
            </form>
            """);
    }
}
