using System.Net;
using AckPoller.Core.Alerts;
using AckPoller.Core.Outbox;
using AckPoller.Integration.Tests.Cli;
using AckPoller.Mail.Mime;

namespace AckPoller.Integration.Tests.Web;

/// <summary>One address validator (<see cref="EmailAddress"/>) for the CLI, the API, the configuration and the composer:
/// addresses the composer refuses are refused up front (API 400 problem+json naming the address, CLI exit 64 naming it),
/// and every address the validator accepts composes without an exception. Alerts:MaxRecipients caps both alike.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AddressValidationTests
{
    private static readonly string[] Refused =
    [
        "a..b@sandbox.test",
        "ü@sandbox.test",
        "a@x.",
        ".a@sandbox.test",
        "a.@sandbox.test",
        "a@-x.test",
        "a@x..test",
        "a b@sandbox.test",
        "a@b@sandbox.test",
        "@sandbox.test",
        "a@",
        "(comment)a@sandbox.test",
        "a@sandbox.test\r\nBcc: evil@x.test",
        new string('l', 65) + "@sandbox.test",
        "a@" + new string('d', 64) + ".test",
    ];

    private static readonly string[] Accepted =
    [
        "a@sandbox.test",
        "first.last+tag@sub.example.com",
        "o'brien@example.com",
        "\"quoted local\"@example.com",
        "a@[127.0.0.1]",
        "a@bücher.example",
        "oncall@localhost",
    ];

    public static TheoryData<string> RefusedAddresses => new(Refused);

    public static TheoryData<string> AcceptedAddresses => new(Accepted);

    [Theory]
    [MemberData(nameof(RefusedAddresses))]
    public void The_validator_refuses_what_the_composer_cannot_write_and_names_the_address(string address)
    {
        Assert.False(EmailAddress.TryValidate(address, out var problem));
        Assert.Contains(HeaderText(address), problem, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => Compose(address));
    }

    [Theory]
    [MemberData(nameof(AcceptedAddresses))]
    public void Every_address_the_validator_accepts_composes(string address)
    {
        Assert.True(EmailAddress.TryValidate(address, out var problem), problem);
        var message = Compose(address);
        Assert.NotEmpty(message.Bytes);
    }

    [Fact]
    public async Task The_api_refuses_each_address_with_400_naming_it()
    {
        await using var web = await WebWorld.StartAsync();
        foreach (var address in Refused)
        {
            foreach (var body in new object[] { new { to = new[] { "ok@sandbox.test", address }, subject = "bad address" }, new { message_id = "<x@y.test>", to = new[] { address } } })
            {
                var (status, problem, response) = await web.PostJsonAsync("/api/alerts", body);
                Assert.True(status == HttpStatusCode.BadRequest, $"{address}: {(int)status} {problem}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
                Assert.Equal("to", problem.GetProperty("parameter").GetString());
                Assert.Contains(HeaderText(address), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                response.Dispose();
            }
        }

        // Alerts:MaxRecipients (default 100) caps the API as it caps the CLI.
        var tooMany = Enumerable.Range(0, 101).Select(i => $"r{i}@sandbox.test").ToArray();
        var (capStatus, capProblem, capped) = await web.PostJsonAsync("/api/alerts", new { to = tooMany, subject = "everyone" });
        capped.Dispose();
        Assert.Equal(HttpStatusCode.BadRequest, capStatus);
        Assert.Contains("at most 100 recipients (Alerts:MaxRecipients); got 101", capProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Empty((await web.GetJsonAsync("/api/alerts")).GetProperty("alerts").EnumerateArray());
        var (okStatus, _, ok) = await web.PostJsonAsync("/api/alerts", new { to = Accepted, subject = "every accepted shape" });
        ok.Dispose();
        Assert.Equal(HttpStatusCode.Created, okStatus);
    }

    [Fact]
    public async Task The_cli_refuses_each_address_with_exit_64_naming_it()
    {
        using var folder = new CliFolder();
        var config = await folder.PasswordConfigAsync();
        // ("@…" would be read as a response file by the command line parser, before any validation.)
        foreach (var address in Refused.Where(a => !a.StartsWith('@')))
        {
            var result = await CliRun.RunAsync("alert", "raise", "--to", address, "--subject", "bad address", "--config", config);
            Assert.True(result.Exit == 64, $"{address}: {result}");
            Assert.StartsWith("--to:", result.Error, StringComparison.Ordinal);
            Assert.Contains(HeaderText(address.Trim()), result.Error, StringComparison.Ordinal);
        }

        var tooMany = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"r{i}@sandbox.test"));
        var capped = await CliRun.RunAsync("alert", "raise", "--to", tooMany, "--subject", "everyone", "--config", config);
        Assert.True(capped.Exit == 64 && capped.Error.StartsWith("--to: at most 100 recipients (Alerts:MaxRecipients); got 10000", StringComparison.Ordinal), capped.ToString());

        var accepted = await CliRun.RunAsync("alert", "raise", "--to", "a@sandbox.test,o'brien@example.com", "--subject", "fine", "--config", config);
        Assert.True(accepted.Exit == 0, accepted.ToString());
    }

    /// <summary>How the message shows an address: clipped, with line breaks made harmless.</summary>
    private static string HeaderText(string address) => address.Split('\r', '\n')[0] is var first && first.Length > 40 ? first[..40] : first;

    private static ComposedMessage Compose(string address)
    {
        var identity = new AlertMailIdentity(new MailboxAddress("AckPoller", "alerts@sandbox.test"), new MailboxAddress("alerts@sandbox.test"), "sandbox.test", null);
        var composer = new AlertEmailComposer(identity, TimeProvider.System);
        return composer.Compose(AlertReference.Parse("AP-7K3M9Q"), new RaiseAlertRequest { Recipients = ["ok@sandbox.test", address], Subject = "s" });
    }
}
