using System.Net;
using System.Web;

namespace AckPoller.Integration.Tests.EntraStandIn;

/// <summary>What a person does in a browser, done unattended with HttpClient: submit the sign-in form of the authorize
/// page, or the verification page of a device code.</summary>
public static class StandInBrowser
{
    /// <summary>POSTs login/passwd to the authorize URL (query kept) and returns the code and state of the redirect.</summary>
    public static async Task<(string Code, string? State)> SignInAsync(HttpClient browser, Uri authorizationUrl, string user, string password)
    {
        using var content = new FormUrlEncodedContent([new("login", user), new("passwd", password)]);
        using var response = await browser.PostAsync(authorizationUrl, content);
        Assert.True(response.StatusCode == HttpStatusCode.Found, $"Sign-in answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var query = HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        return (query["code"] ?? throw new InvalidOperationException($"No code in {response.Headers.Location}"), query["state"]);
    }

    /// <summary>Submits the device login page; returns its HTTP status (200 approved, 400 unknown code, 401 bad password).</summary>
    public static async Task<HttpStatusCode> ApproveDeviceCodeAsync(HttpClient browser, Uri verificationUrl, string userCode, string user, string password, bool decline = false)
    {
        var fields = new List<KeyValuePair<string, string>> { new("otc", userCode), new("login", user), new("passwd", password) };
        if (decline)
        {
            fields.Add(new("decline", "1"));
        }

        using var content = new FormUrlEncodedContent(fields);
        using var response = await browser.PostAsync(verificationUrl, content);
        return response.StatusCode;
    }
}
