using System.Text.Json;
using AckPoller.Integration.Tests.Auth;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Sandbox;

/// <summary>Tokens are dated like Entra ID's, iat/nbf 5 minutes back. Dated "now", a token minted just after a second
/// boundary was sometimes refused by Dovecot ("Token is not valid yet": it compares with its event loop's cached clock),
/// which made integration tests fail at random under load.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class TokenClockSkewTests
{
    [Fact]
    public void Sandbox_tokens_are_valid_from_five_minutes_ago()
    {
        var before = DateTimeOffset.UtcNow;

        var claims = Payload(JwtMinter.Trusted(SandboxSettings.Load()).Mint("skew@sandbox.test"));

        Assert.True(claims.GetProperty("nbf").GetInt64() <= before.AddMinutes(-4).ToUnixTimeSeconds());
        Assert.True(claims.GetProperty("iat").GetInt64() <= before.AddMinutes(-4).ToUnixTimeSeconds());
        Assert.True(claims.GetProperty("exp").GetInt64() >= before.AddMinutes(59).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Stand_in_tokens_are_valid_from_five_minutes_ago()
    {
        await using var harness = await AuthHarness.StartAsync();
        var before = DateTimeOffset.UtcNow;
        using var http = new HttpClient(harness.Entra.CreateHttpMessageHandler());

        using var response = await http.PostAsync(new Uri(harness.Entra.BaseUrl, harness.Entra.TenantId + "/oauth2/v2.0/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = harness.ClientId,
            ["client_secret"] = harness.ClientSecret,
            ["scope"] = "https://outlook.office365.com/.default",
        }));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var claims = Payload(body.RootElement.GetProperty("access_token").GetString()!);

        Assert.True(claims.GetProperty("nbf").GetInt64() <= before.AddMinutes(-4).ToUnixTimeSeconds());
    }

    private static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement.Clone();
    }
}
