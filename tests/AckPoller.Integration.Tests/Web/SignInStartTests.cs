using System.Net;
using AckPoller.Core.Auth;
using AckPoller.Integration.Tests.EndToEnd;
using AckPoller.Web;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Integration.Tests.Web;

/// <summary>The status page's "Sign in" button for delegated accounts nobody has signed in, against `ackpoller run`:
/// the button is shown, a POST without the page's token or from another origin starts nothing, a valid POST sends the
/// browser to the authority (the same link on every click), and completing it at the stand-in lands on /oauth/callback
/// and the account is Authorized; a device-code account shows its code, which the worker polls to completion.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class SignInStartTests
{
    [Fact]
    public async Task Sign_in_from_the_page_for_a_never_signed_in_authorization_code_account()
    {
        await using var web = await SignInStartWorld.StartAsync();
        var http = web.Http;

        using var page = await http.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<form class=\"sign-in-start\" method=\"post\" action=\"/accounts/{SignInStartWorld.Fresh}/sign-in\">", html, StringComparison.Ordinal);
        Assert.Contains($"<form class=\"sign-in-start\" method=\"post\" action=\"/accounts/{SignInStartWorld.Device}/sign-in\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/accounts/{EndToEndWorld.AccountName}/sign-in", html, StringComparison.Ordinal);
        // The form's redirect goes to the authority: the page's CSP must allow it there (browsers check form-action on redirects).
        Assert.Contains("form-action 'self' https://login.microsoftonline.com;", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var token = Token(html, SignInStartWorld.Fresh);

        // Refused: no token, another account's token, a forged one, a foreign Origin, a cross-site fetch.
        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(http, SignInStartWorld.Fresh, null));
        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(http, SignInStartWorld.Fresh, Token(html, SignInStartWorld.Device)));
        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(http, SignInStartWorld.Fresh, token[..^2] + "AA"));
        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(http, SignInStartWorld.Fresh, token, origin: "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(http, SignInStartWorld.Fresh, token, origin: "null"));
        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(http, SignInStartWorld.Fresh, token, fetchSite: "cross-site"));
        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(http, SignInStartWorld.Fresh, token, fetchSite: "same-site"));
        Assert.Null((await web.StatusAsync(SignInStartWorld.Fresh))?.Pending);

        // Not for app-only accounts, even with a valid token; unknown accounts are not found.
        var tokens = web.Services.GetRequiredService<SignInTokens>();
        Assert.Equal(HttpStatusCode.Conflict, await PostStatusAsync(http, EndToEndWorld.AccountName, tokens.Issue(EndToEndWorld.AccountName)));
        Assert.Equal(HttpStatusCode.NotFound, await PostStatusAsync(http, "nobody", tokens.Issue("nobody")));

        // A valid POST: to the authority's authorize URL; a second click gets the same link (nothing new issued).
        var authorize = await PostRedirectAsync(http, SignInStartWorld.Fresh, token, origin: web.BaseUri.GetLeftPart(UriPartial.Authority), fetchSite: "same-origin");
        Assert.StartsWith($"https://login.microsoftonline.com/{web.Harness.Entra.TenantId}/oauth2/v2.0/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("code_challenge=", authorize.Query, StringComparison.Ordinal);
        Assert.Equal(authorize, await PostRedirectAsync(http, SignInStartWorld.Fresh, token));
        Assert.Equal(AuthState.Unconfigured, await web.StateAsync(SignInStartWorld.Fresh));

        // The person signs in at the authority, which redirects to this worker's /oauth/callback.
        using var entra = new HttpClient(web.Harness.Entra.CreateHttpMessageHandler());
        using var approved = await entra.GetAsync(authorize.AbsoluteUri + "&sandbox_auto_approve=true");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var callback = approved.Headers.Location!;
        Assert.StartsWith(new Uri(web.BaseUri, "oauth/callback").AbsoluteUri, callback.AbsoluteUri, StringComparison.Ordinal);
        using var landed = await http.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Contains($"Account {SignInStartWorld.Fresh} is signed in", await landed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(AuthState.Authorized, await web.StateAsync(SignInStartWorld.Fresh));

        // Signed in: no button any more, and a stale form starts nothing.
        var after = await http.GetStringAsync("/");
        Assert.DoesNotContain($"/accounts/{SignInStartWorld.Fresh}/sign-in", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, await PostStatusAsync(http, SignInStartWorld.Fresh, token));
    }

    [Fact]
    public async Task Sign_in_from_the_page_for_a_device_code_account_shows_the_code_and_the_worker_completes_it()
    {
        await using var web = await SignInStartWorld.StartAsync();
        var http = web.Http;
        var token = Token(await http.GetStringAsync("/"), SignInStartWorld.Device);

        Assert.Equal("/", (await PostRedirectAsync(http, SignInStartWorld.Device, token)).OriginalString);
        var challenge = (await web.StatusAsync(SignInStartWorld.Device))?.Challenge;
        Assert.NotNull(challenge?.UserCode);
        var html = await http.GetStringAsync("/");
        Assert.Contains($"Sign in: enter code <code class=\"user-code\">{challenge.UserCode}</code> at <a class=\"sign-in\" href=\"{challenge.VerificationUrl!.AbsoluteUri}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/accounts/{SignInStartWorld.Device}/sign-in", html, StringComparison.Ordinal);

        // Clicking again (a stale page) reuses the code being polled.
        Assert.Equal("/", (await PostRedirectAsync(http, SignInStartWorld.Device, token)).OriginalString);
        Assert.Equal(challenge, (await web.StatusAsync(SignInStartWorld.Device))?.Challenge);

        // The person enters the code at the authority; the worker, still polling, records the sign-in.
        Assert.True(web.Harness.Entra.ApproveDeviceCode(challenge.UserCode!, web.DeviceMailbox));
        await web.WaitForStateAsync(SignInStartWorld.Device, AuthState.Authorized);
        Assert.Null((await web.StatusAsync(SignInStartWorld.Device))?.Challenge);
        Assert.DoesNotContain($"data-account=\"{SignInStartWorld.Device}\" role", await http.GetStringAsync("/"), StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> PostStatusAsync(HttpClient http, string account, string? token, string? origin = null, string? fetchSite = null)
    {
        using var response = await PostAsync(http, account, token, origin, fetchSite);
        return response.StatusCode;
    }

    private static async Task<Uri> PostRedirectAsync(HttpClient http, string account, string token, string? origin = null, string? fetchSite = null)
    {
        using var response = await PostAsync(http, account, token, origin, fetchSite);
        Assert.True(response.StatusCode == HttpStatusCode.SeeOther, $"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string account, string? token, string? origin, string? fetchSite)
    {
        var fields = new Dictionary<string, string>();
        if (token is not null)
        {
            fields["token"] = token;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/accounts/{account}/sign-in") { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return await http.SendAsync(request);
    }

    /// <summary>The anti-forgery token rendered into an account's "Sign in" form.</summary>
    private static string Token(string html, string account)
    {
        var form = html.IndexOf($"action=\"/accounts/{account}/sign-in\"", StringComparison.Ordinal);
        Assert.True(form >= 0, $"no Sign in form for {account}");
        const string marker = "name=\"token\" value=\"";
        var start = html.IndexOf(marker, form, StringComparison.Ordinal) + marker.Length;
        return WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
    }
}
