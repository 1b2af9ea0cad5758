using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Registration;
using AckPoller.Sandbox;
using Microsoft.Identity.Client;

namespace AckPoller.Integration.Tests.EntraStandIn;

/// <summary>Tokens MSAL got from the stand-in (with the sandbox signing key) open the sandbox Dovecot over IMAPS XOAUTH2.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class DovecotXOAuth2Tests
{
    [Fact]
    public async Task A_delegated_token_from_msal_logs_in_to_dovecot()
    {
        var settings = SandboxSettings.Load();
        await using var host = await EntraStandInHost.StartAsync(SandboxOptions(settings));
        var user = settings.NewAddress("entra");
        var app = Register(host, settings);
        var msal = ConfidentialClientApplicationBuilder.Create(app.ClientId).WithAuthority(host.Authority).WithClientSecret(app.Secrets[0].Value)
            .WithRedirectUri(app.RedirectUris[0]).WithHttpClientFactory(new StandInMsalHttpClientFactory(host)).Build();
        using var browser = new HttpClient(host.CreateHttpMessageHandler());
        var url = await msal.GetAuthorizationRequestUrl(MsalFlows.MailScopes).WithPkce(out var verifier).ExecuteAsync();
        var (code, _) = await StandInBrowser.SignInAsync(browser, url, user, settings.Password);
        var result = await msal.AcquireTokenByAuthorizationCode(MsalFlows.MailScopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync();

        var reply = await ImapXOAuth2LoginAsync(settings, user, result.AccessToken);

        Assert.StartsWith("A1 OK", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_only_token_logs_in_to_the_registered_mailbox_only()
    {
        var settings = SandboxSettings.Load();
        await using var host = await EntraStandInHost.StartAsync(SandboxOptions(settings));
        var app = Register(host, settings);
        var result = await ConfidentialClientApplicationBuilder.Create(app.ClientId).WithAuthority(host.Authority).WithClientSecret(app.Secrets[0].Value)
            .WithHttpClientFactory(new StandInMsalHttpClientFactory(host)).Build()
            .AcquireTokenForClient([ClientCredentialsTests.ExchangeDefault]).ExecuteAsync();

        var ownMailbox = await ImapXOAuth2LoginAsync(settings, app.AppMailbox!, result.AccessToken);
        var otherMailbox = await ImapXOAuth2LoginAsync(settings, settings.NewAddress("other"), result.AccessToken);

        Assert.StartsWith("A1 OK", ownMailbox, StringComparison.Ordinal);
        Assert.StartsWith("A1 NO", otherMailbox, StringComparison.Ordinal);
    }

    private static EntraStandInOptions SandboxOptions(SandboxSettings settings)
    {
        var options = EntraStandInOptions.ForSandbox(settings);
        options.Url = "https://localhost:0";
        return options;
    }

    private static AppRegistration Register(EntraStandInHost host, SandboxSettings settings)
    {
        var app = new AppRegistration
        {
            ClientId = Guid.NewGuid().ToString(),
            Secrets = [new AppSecret { Value = "dovecot-test-secret" }],
            RedirectUris = ["http://localhost:7777/callback"],
            AppMailbox = settings.NewAddress("app"),
        };
        host.Registry.AddApp(app);
        return app;
    }

    /// <summary>Raw IMAPS: greeting, AUTHENTICATE XOAUTH2 with the initial response, and the tagged reply
    /// (answering Dovecot's error challenge with an empty line, as XOAUTH2 requires).</summary>
    private static async Task<string> ImapXOAuth2LoginAsync(SandboxSettings settings, string user, string accessToken)
    {
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(settings.CaFile));
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tcp.ConnectAsync(settings.Host, settings.Ports.Imaps, timeout.Token);
        await using var tls = new SslStream(tcp.GetStream(), false, CustomCaValidation.Callback(ca));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = settings.Host }, timeout.Token);
        using var reader = new StreamReader(tls, Encoding.ASCII, false, 4096, leaveOpen: true);
        Assert.StartsWith("* OK", await reader.ReadLineAsync(timeout.Token), StringComparison.Ordinal);

        var initial = Convert.ToBase64String(Encoding.UTF8.GetBytes($"user={user}\u0001auth=Bearer {accessToken}\u0001\u0001"));
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"A1 AUTHENTICATE XOAUTH2 {initial}\r\n"), timeout.Token);
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new IOException("Dovecot closed the connection.");
            if (line.StartsWith('+'))
            {
                await tls.WriteAsync("\r\n"u8.ToArray(), timeout.Token);
            }
            else if (line.StartsWith("A1 ", StringComparison.Ordinal))
            {
                return line;
            }
        }
    }
}
