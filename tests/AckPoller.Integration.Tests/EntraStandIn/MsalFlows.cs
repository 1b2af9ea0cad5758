using AckPoller.EntraStandIn.Registration;
using Microsoft.Identity.Client;

namespace AckPoller.Integration.Tests.EntraStandIn;

/// <summary>Real MSAL applications wired to the in-process stand-in, and a signed-in user for silent-flow tests.</summary>
public static class MsalFlows
{
    public static readonly string[] MailScopes =
        ["https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send", "offline_access"];

    public static IConfidentialClientApplication Confidential(StandInFixture fixture, AppRegistration app) =>
        ConfidentialClientApplicationBuilder.Create(app.ClientId)
            .WithAuthority(fixture.Host.Authority)
            .WithClientSecret(app.Secrets[0].Value)
            .WithRedirectUri(app.RedirectUris[0])
            .WithHttpClientFactory(new StandInMsalHttpClientFactory(fixture.Host))
            .Build();

    /// <summary>Authorization code + PKCE through the sign-in form; returns the app and the account id to use silently.</summary>
    public static async Task<SignedIn> SignInWithCodeAsync(StandInFixture fixture, AppRegistration app, string user)
    {
        var msal = Confidential(fixture, app);
        var url = await msal.GetAuthorizationRequestUrl(MailScopes).WithPkce(out var verifier).WithLoginHint(user).ExecuteAsync();
        var (code, _) = await StandInBrowser.SignInAsync(fixture.Browser, url, user, StandInFixture.Password);
        var result = await msal.AcquireTokenByAuthorizationCode(MailScopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync();
        return new SignedIn(msal, result.Account.HomeAccountId.Identifier, result);
    }

    public static async Task<AuthenticationResult> SilentAsync(SignedIn signedIn)
    {
        var account = await signedIn.App.GetAccountAsync(signedIn.AccountId);
        Assert.NotNull(account);
        return await signedIn.App.AcquireTokenSilent(MailScopes, account).ExecuteAsync();
    }

    public sealed record SignedIn(IConfidentialClientApplication App, string AccountId, AuthenticationResult First);
}
