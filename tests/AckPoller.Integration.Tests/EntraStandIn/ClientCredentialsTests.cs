using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AckPoller.EntraStandIn.Registration;
using Microsoft.Identity.Client;

namespace AckPoller.Integration.Tests.EntraStandIn;

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ClientCredentialsTests(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    public const string ExchangeDefault = "https://outlook.office365.com/.default";

    [Fact]
    public async Task Secret_gives_an_app_only_token_for_the_registered_mailbox()
    {
        var app = fixture.RegisterApp();

        var result = await WithSecret(app, app.Secrets[0].Value).AcquireTokenForClient([ExchangeDefault]).ExecuteAsync();

        var claims = JwtClaims(result.AccessToken);
        Assert.Equal(app.AppMailbox, claims.GetProperty("upn").GetString());
        Assert.Contains("IMAP.AccessAsApp", claims.GetProperty("roles").EnumerateArray().Select(role => role.GetString()));
        Assert.Equal("1", claims.GetProperty("appidacr").GetString());
        Assert.False(claims.TryGetProperty("azp", out _));
        Assert.False(claims.TryGetProperty("scp", out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_registered_certificate_signs_the_client_assertion(bool sendX5C)
    {
        using var certificate = NewCertificate();
        var app = fixture.RegisterApp(a => a with { Secrets = [], Certificates = [CertificateText.ToPem(certificate)] });

        var result = await WithCertificate(app, certificate, sendX5C).AcquireTokenForClient([ExchangeDefault]).ExecuteAsync();

        Assert.Equal("2", JwtClaims(result.AccessToken).GetProperty("appidacr").GetString());
        Assert.Equal(app.AppMailbox, JwtClaims(result.AccessToken).GetProperty("upn").GetString());
    }

    [Fact]
    public async Task An_unregistered_certificate_is_invalid_client()
    {
        using var registered = NewCertificate();
        using var other = NewCertificate();
        var app = fixture.RegisterApp(a => a with { Secrets = [], Certificates = [CertificateText.ToPem(registered)] });

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => WithCertificate(app, other, false).AcquireTokenForClient([ExchangeDefault]).ExecuteAsync());

        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Contains("AADSTS700027", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_secret_is_AADSTS7000222_and_a_wrong_one_AADSTS7000215()
    {
        var app = fixture.RegisterApp(a => a with
        {
            Secrets = [new AppSecret { Value = "old-secret", ExpiresOn = DateTimeOffset.UtcNow.AddDays(-1) }],
        });

        var expired = await Assert.ThrowsAsync<MsalServiceException>(() => WithSecret(app, "old-secret").AcquireTokenForClient([ExchangeDefault]).ExecuteAsync());
        var wrong = await Assert.ThrowsAsync<MsalServiceException>(() => WithSecret(app, "guess").AcquireTokenForClient([ExchangeDefault]).ExecuteAsync());

        Assert.Equal(("invalid_client", 401), (expired.ErrorCode, expired.StatusCode));
        Assert.Contains("AADSTS7000222", expired.Message, StringComparison.Ordinal);
        Assert.Equal(("invalid_client", 401), (wrong.ErrorCode, wrong.StatusCode));
        Assert.Contains("AADSTS7000215", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delegated_scopes_are_refused_for_client_credentials()
    {
        var app = fixture.RegisterApp();

        var error = await Assert.ThrowsAsync<MsalServiceException>(() =>
            WithSecret(app, app.Secrets[0].Value).AcquireTokenForClient(["https://outlook.office.com/IMAP.AccessAsUser.All"]).ExecuteAsync());

        Assert.Equal("invalid_scope", error.ErrorCode);
        Assert.Contains("AADSTS1002012", error.Message, StringComparison.Ordinal);
    }

    internal static JsonElement JwtClaims(string jwt) =>
        JsonSerializer.Deserialize<JsonElement>(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]));

    internal static X509Certificate2 NewCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=AckPoller test client", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // MSAL needs an exportable private key; a PFX round trip gives one on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.Exportable);
    }

    private IConfidentialClientApplication WithSecret(AppRegistration app, string secret) =>
        ConfidentialClientApplicationBuilder.Create(app.ClientId).WithAuthority(fixture.Host.Authority).WithClientSecret(secret)
            .WithHttpClientFactory(new StandInMsalHttpClientFactory(fixture.Host)).Build();

    private IConfidentialClientApplication WithCertificate(AppRegistration app, X509Certificate2 certificate, bool sendX5C) =>
        ConfidentialClientApplicationBuilder.Create(app.ClientId).WithAuthority(fixture.Host.Authority).WithCertificate(certificate, sendX5C)
            .WithHttpClientFactory(new StandInMsalHttpClientFactory(fixture.Host)).Build();
}
