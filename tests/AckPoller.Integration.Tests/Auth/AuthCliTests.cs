using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using AckPoller.Cli;
using AckPoller.Core.Auth;
using AckPoller.Hosting;
using AckPoller.EntraStandIn.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Client;

namespace AckPoller.Integration.Tests.Auth;

/// <summary>`ackpoller auth login/status/logout` end to end: a config file, the loopback redirect listener, the Entra
/// stand-in's sign-in page, then the table.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AuthCliTests
{
    [Fact]
    public async Task Login_through_the_loopback_listener_then_status_then_logout()
    {
        await using var harness = await AuthHarness.StartAsync();
        var port = FreePort();
        var redirect = $"http://localhost:{port}/oauth/callback";
        var app = harness.Entra.Registry.FindApp(harness.ClientId)!.Registration;
        harness.Entra.Registry.AddApp(app with { RedirectUris = [.. app.RedirectUris, redirect] });
        var secretVariable = "ACKPOLLER_CLI_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secretVariable, harness.ClientSecret);
        var mailbox = harness.Settings.NewAddress("cli");
        var config = Path.Combine(harness.Folder, "appsettings.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Storage": { "DatabasePath": "{{Path.Combine(harness.Folder, "cli.db")}}" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(harness.Folder, "keys", "cache.key")}}" },
              "Accounts": [ {
                "Name": "oncall", "Mailbox": "{{mailbox}}", "Protocol": "Imap",
                "IncomingServer": "imaps://{{harness.Settings.Host}}:{{harness.Settings.Ports.Imaps}}",
                "AuthKind": "DelegatedAuthorizationCode", "TenantId": "{{harness.Entra.TenantId}}", "ClientId": "{{harness.ClientId}}",
                "ClientSecretEnv": "{{secretVariable}}", "RedirectUri": "{{redirect}}" } ]
            }
            """);
        using var http = new StandInMsalHttpClientFactory(harness.Entra);
        try
        {
            var (loginTask, loginOutput) = Run(http, "auth", "login", "oncall", "--config", config);
            var url = await WaitForLineAsync(loginOutput, "https://", loginTask);
            using var browser = new HttpClient(harness.Entra.CreateHttpMessageHandler());
            using var signInPage = await browser.GetAsync(url + "&sandbox_auto_approve=true");
            Assert.Equal(HttpStatusCode.Found, signInPage.StatusCode);
            using var plain = new HttpClient();
            var callback = await plain.GetStringAsync(signInPage.Headers.Location);

            Assert.Contains("is signed in", callback);
            Assert.True(await loginTask.WaitAsync(TimeSpan.FromSeconds(30)) == AuthCommand.ExitOk, loginOutput.ToString());

            var (statusTask, statusOutput) = Run(http, "auth", "status", "--config", config);
            Assert.True(await statusTask == AuthCommand.ExitOk, statusOutput.ToString());
            Assert.Matches(@"oncall\s+\S+\s+DelegatedAuthorizationCode\s+Authorized", statusOutput.ToString());

            var (logoutTask, _) = Run(http, "auth", "logout", "oncall", "--config", config);
            Assert.Equal(AuthCommand.ExitOk, await logoutTask);
            var (afterTask, afterOutput) = Run(http, "auth", "status", "--config", config);
            Assert.Equal(AuthCommand.ExitNeedsAttention, await afterTask);
            Assert.Contains("Unconfigured", afterOutput.ToString());
            Assert.Contains("ackpoller auth login oncall", afterOutput.ToString());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(harness.Folder, "keys", "cache.key")));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(secretVariable, null);
        }
    }

    [Fact]
    public async Task Login_while_the_worker_holds_the_redirect_port_waits_for_the_workers_callback_instead_of_failing()
    {
        await using var harness = await AuthHarness.StartAsync();
        using var worker = new TcpListener(IPAddress.Loopback, 0);
        worker.Start();
        var redirect = $"http://localhost:{((IPEndPoint)worker.LocalEndpoint).Port}/oauth/callback";
        var app = harness.Entra.Registry.FindApp(harness.ClientId)!.Registration;
        harness.Entra.Registry.AddApp(app with { RedirectUris = [.. app.RedirectUris, redirect] });
        var secretVariable = "ACKPOLLER_CLI_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secretVariable, harness.ClientSecret);
        var config = Path.Combine(harness.Folder, "held.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Storage": { "DatabasePath": "{{Path.Combine(harness.Folder, "held.db")}}" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(harness.Folder, "keys", "held.key")}}" },
              "Accounts": [ {
                "Name": "oncall", "Mailbox": "{{harness.Settings.NewAddress("held")}}", "Protocol": "Imap",
                "IncomingServer": "imaps://{{harness.Settings.Host}}:{{harness.Settings.Ports.Imaps}}",
                "AuthKind": "DelegatedAuthorizationCode", "TenantId": "{{harness.Entra.TenantId}}", "ClientId": "{{harness.ClientId}}",
                "ClientSecretEnv": "{{secretVariable}}", "RedirectUri": "{{redirect}}" } ]
            }
            """);
        using var http = new StandInMsalHttpClientFactory(harness.Entra);
        try
        {
            var (loginTask, loginOutput) = Run(http, "auth", "login", "oncall", "--config", config);
            var url = await WaitForLineAsync(loginOutput, "https://", loginTask);
            Assert.Contains("AckPoller's web endpoint", loginOutput.ToString());
            using var browser = new HttpClient(harness.Entra.CreateHttpMessageHandler());
            using var signInPage = await browser.GetAsync(url + "&sandbox_auto_approve=true");

            // What `ackpoller run` does when the browser reaches its /oauth/callback.
            using var workerHost = await AckPollerHostBuilder.OpenAsync(config, default, s => s.AddSingleton<IMsalHttpClientFactory>(http));
            var result = await workerHost.Services.GetRequiredService<AuthorizationCallbackHandler>()
                .HandleAsync(AuthorizationCallback.FromQuery(signInPage.Headers.Location!.Query), default);

            Assert.True(result.Succeeded, result.Message);
            Assert.True(await loginTask.WaitAsync(TimeSpan.FromSeconds(30)) == AuthCommand.ExitOk, loginOutput.ToString());
            Assert.Contains("oncall: signed in.", loginOutput.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(secretVariable, null);
        }
    }

    [Fact]
    public async Task A_secret_written_into_the_config_file_is_refused_before_anything_runs()
    {
        await using var harness = await AuthHarness.StartAsync();
        var config = Path.Combine(harness.Folder, "bad.json");
        await File.WriteAllTextAsync(config, """{ "Accounts": [ { "Name": "a", "ClientSecret": "do-not-put-me-here" } ] }""");
        using var http = new StandInMsalHttpClientFactory(harness.Entra);

        var (task, output) = Run(http, "auth", "status", "--config", config);

        Assert.Equal(AuthCommand.ExitBadConfiguration, await task);
        Assert.Contains("Accounts:0:ClientSecret: secrets are not accepted", output.ToString());
        Assert.DoesNotContain("do-not-put-me-here", output.ToString());
    }

    private static (Task<int> Task, StringWriter Output) Run(IMsalHttpClientFactory http, params string[] args)
    {
        var output = new StringWriter();
        var root = new RootCommand { AuthCommand.Create(services: s => s.AddSingleton(http)) };
        var synchronized = TextWriter.Synchronized(output);
        var task = Task.Run(() => root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = synchronized, Error = synchronized }));
        return (task, output);
    }

    private static async Task<string> WaitForLineAsync(StringWriter output, string prefix, Task running)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && !running.IsCompleted)
        {
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line.Trim();
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The command printed no URL: " + output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
