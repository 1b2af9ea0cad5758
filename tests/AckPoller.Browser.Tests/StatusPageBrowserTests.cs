using System.Net.Http.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using Microsoft.Playwright;

namespace AckPoller.Browser.Tests;

/// <summary>The status page in Debian's Chromium driven by Playwright, against `ackpoller run` in-process: accounts and
/// latest acks shown, filters applied through the form, and the sign-in round trip: the authority starts refusing the
/// delegated account's refresh token (the stand-in's /_sandbox/faults), the page shows the red banner, "Sign in" leads
/// to the authority's sign-in page (the browser reaches the stand-in for login.microsoftonline.com), the form is
/// submitted, the authority redirects to /oauth/callback, and back on the page the banner is gone.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class StatusPageBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] EntraHosts = ["login.microsoftonline.com", "login.microsoft.com"];

    [Fact]
    public async Task Page_shows_accounts_and_acks_filters_work_and_sign_in_clears_the_banner()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run `bash tests/browser/install.sh` (Playwright never downloads a browser here).");
        await using var world = await BrowserWorld.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await world.SeedAckLogAsync(
            BrowserWorld.Entry(now.AddMinutes(-30), AckAction.Ack, AckOutcome.Applied, "jane@sandbox.test", "on my way"),
            BrowserWorld.Entry(now.AddMinutes(-20), AckAction.Resolve, AckOutcome.Rejected, "mallory@evil.test", "<b>not allowed</b>"),
            BrowserWorld.Entry(now.AddMinutes(-10), AckAction.Note, AckOutcome.Applied, "bob@sandbox.test", "disk cleanup started"));
        await world.WaitForAsync(async () => (await StateAsync(world, BrowserWorld.Delegated)) == AuthState.Authorized
            && (await StateAsync(world, EndToEndWorld.AccountName)) == AuthState.Authorized, "both accounts polling");

        using var entra = new HttpClient(world.Harness.Entra.CreateHttpMessageHandler());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        await using var context = await NewContextAsync(browser, entra);
        var page = await context.NewPageAsync();

        // Accounts and the latest acks.
        await page.GotoAsync(world.BaseUri.AbsoluteUri);
        var accounts = page.Locator("#accounts tbody tr");
        await Assertions.Expect(accounts).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"#accounts tr[data-account='{EndToEndWorld.AccountName}'] .auth-state")).ToHaveTextAsync("authorized");
        await Assertions.Expect(page.Locator($"#accounts tr[data-account='{BrowserWorld.Delegated}'] .auth-state")).ToHaveTextAsync("authorized");
        await Assertions.Expect(page.Locator(".banner")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#acks tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#acks tbody tr").First.Locator(".comment")).ToHaveTextAsync("disk cleanup started");
        await Assertions.Expect(page.Locator("#acks .comment", new() { HasText = "<b>not allowed</b>" })).ToHaveCountAsync(1);

        // Filters through the form.
        await page.SelectOptionAsync("#filter-outcome", "rejected");
        await page.ClickAsync("#apply");
        await page.WaitForURLAsync("**/?*outcome=rejected*");
        await Assertions.Expect(page.Locator("#acks tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#acks .by")).ToHaveTextAsync("mallory@evil.test");
        await page.SelectOptionAsync("#filter-outcome", string.Empty);
        await page.FillAsync("#filter-by", "bob@sandbox.test");
        await page.ClickAsync("#apply");
        await Assertions.Expect(page.Locator("#acks tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#acks .action")).ToHaveTextAsync("note");
        await page.ClickAsync("#clear");
        await Assertions.Expect(page.Locator("#acks tbody tr")).ToHaveCountAsync(3);

        // The authority refuses the delegated account's refresh token (invalid_grant, AADSTS700082).
        using (var fault = await entra.PostAsJsonAsync(new Uri(world.Harness.Entra.BaseUrl, "_sandbox/faults"),
                   new { fault = "RefreshTokenExpired", clientId = world.Harness.ClientId, user = world.DelegatedMailbox }))
        {
            Assert.True(fault.IsSuccessStatusCode, await fault.Content.ReadAsStringAsync());
        }

        await world.WaitForAsync(async () => (await StateAsync(world, BrowserWorld.Delegated)) == AuthState.ReauthRequired, "ReauthRequired");
        await page.ReloadAsync();
        var banner = page.Locator($".banner[data-account='{BrowserWorld.Delegated}']");
        await Assertions.Expect(banner).ToHaveCountAsync(1);
        await Assertions.Expect(banner).ToContainTextAsync($"Authorization required for {world.DelegatedMailbox} since ");
        await Assertions.Expect(banner).ToContainTextAsync(" UTC — ");
        await Assertions.Expect(page.Locator($"#accounts tr[data-account='{BrowserWorld.Delegated}'] .auth-state")).ToHaveTextAsync("reauth_required");
        await Assertions.Expect(page.Locator(".banner")).ToHaveCountAsync(1);
        using (var health = await new HttpClient().GetAsync(new Uri(world.BaseUri, "healthz")))
        {
            Assert.Contains("\"status\":\"degraded\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // An admin follows "Sign in": the authority's sign-in page, then back through /oauth/callback.
        using (var cleared = await entra.DeleteAsync(new Uri(world.Harness.Entra.BaseUrl, "_sandbox/faults")))
        {
            Assert.True(cleared.IsSuccessStatusCode);
        }

        await banner.Locator("a.sign-in").ClickAsync();
        await page.WaitForURLAsync("https://login.microsoftonline.com/**");
        Assert.Contains("/oauth2/v2.0/authorize", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#login", world.DelegatedMailbox);
        await page.FillAsync("#passwd", world.Harness.Settings.Password);
        await page.ClickAsync("#signin");
        await page.WaitForURLAsync($"{world.BaseUri.AbsoluteUri}oauth/callback?**");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync($"Account {BrowserWorld.Delegated} is signed in");
        var callbackUrl = page.Url;

        await page.ClickAsync("#back");
        await page.WaitForURLAsync(world.BaseUri.AbsoluteUri);
        await Assertions.Expect(page.Locator(".banner")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"#accounts tr[data-account='{BrowserWorld.Delegated}'] .auth-state")).ToHaveTextAsync("authorized");
        Assert.Equal(AuthState.Authorized, await StateAsync(world, BrowserWorld.Delegated));

        // The callback cannot be replayed: its state was used.
        var replay = await page.GotoAsync(callbackUrl);
        Assert.Equal(400, replay!.Status);
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("already used");
        Assert.Equal(AuthState.Authorized, await StateAsync(world, BrowserWorld.Delegated));
    }

    /// <summary>An account nobody has signed in: the banner's "Sign in" button (a POST with the page's token) leads to the
    /// authority's sign-in page — which the page's CSP must allow as the form's redirect target — and back through
    /// /oauth/callback; the banner is gone.</summary>
    [Fact]
    public async Task A_never_signed_in_account_is_signed_in_with_the_banner_s_button()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run `bash tests/browser/install.sh` (Playwright never downloads a browser here).");
        await using var world = await BrowserWorld.StartAsync(neverSignedIn: true);
        using var entra = new HttpClient(world.Harness.Entra.CreateHttpMessageHandler());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        await using var context = await NewContextAsync(browser, entra);
        var page = await context.NewPageAsync();

        await page.GotoAsync(world.BaseUri.AbsoluteUri);
        var banner = page.Locator($".banner[data-account='{BrowserWorld.Fresh}']");
        await Assertions.Expect(banner).ToContainTextAsync($"Authorization required for {world.FreshMailbox}");
        await Assertions.Expect(banner.Locator("a.sign-in")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"#accounts tr[data-account='{BrowserWorld.Fresh}'] .auth-state")).ToHaveTextAsync("unconfigured");

        await banner.Locator("button.sign-in").ClickAsync();
        await page.WaitForURLAsync("https://login.microsoftonline.com/**");
        Assert.Contains("/oauth2/v2.0/authorize", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#login", world.FreshMailbox!);
        await page.FillAsync("#passwd", world.Harness.Settings.Password);
        await page.ClickAsync("#signin");
        await page.WaitForURLAsync($"{world.BaseUri.AbsoluteUri}oauth/callback?**");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync($"Account {BrowserWorld.Fresh} is signed in");

        await page.ClickAsync("#back");
        await page.WaitForURLAsync(world.BaseUri.AbsoluteUri);
        await Assertions.Expect(banner).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"#accounts tr[data-account='{BrowserWorld.Fresh}'] .auth-state")).ToHaveTextAsync("authorized");
        Assert.Equal(AuthState.Authorized, await StateAsync(world, BrowserWorld.Fresh));
    }

    /// <summary>A browser context whose requests to Entra's hosts reach the stand-in.</summary>
    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, HttpClient entra)
    {
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(30_000);
        foreach (var host in EntraHosts)
        {
            await context.RouteAsync($"https://{host}/**", route => ForwardToStandInAsync(route, entra));
        }

        return context;
    }

    private static async Task<AuthState> StateAsync(BrowserWorld world, string account) =>
        (await world.World.Store.AuthStates.GetAsync(account, default))?.State ?? AuthState.Unconfigured;

    /// <summary>What DNS and the public internet would do for the browser: requests to Entra's host reach the stand-in.</summary>
    private static async Task ForwardToStandInAsync(IRoute route, HttpClient entra)
    {
        var request = route.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        if (request.PostDataBuffer is { } body)
        {
            message.Content = new ByteArrayContent(body);
            if (request.Headers.TryGetValue("content-type", out var contentType))
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        using var response = await entra.SendAsync(message);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }
        }

        await route.FulfillAsync(new RouteFulfillOptions
        {
            Status = (int)response.StatusCode,
            Headers = headers,
            BodyBytes = await response.Content.ReadAsByteArrayAsync(),
        });
    }
}
