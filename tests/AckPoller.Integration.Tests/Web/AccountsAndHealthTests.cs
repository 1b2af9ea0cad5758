using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace AckPoller.Integration.Tests.Web;

/// <summary>GET /api/accounts and GET /healthz against `ackpoller run`, including the scheduler going to standby (503).</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AccountsAndHealthTests
{
    [Fact]
    public async Task Accounts_show_the_workers_activity_and_healthz_follows_the_scheduler()
    {
        await using var web = await WebWorld.StartAsync();
        Assert.Contains(web.World.Harness.Logs.Lines, line => line.Contains($"Status page: {web.BaseUri}", StringComparison.Ordinal));

        // The app-only account signs in with client credentials on its first poll, and IDLE connects.
        var account = await WaitForAsync(web, async () =>
        {
            var accounts = (await web.GetJsonAsync("/api/accounts")).GetProperty("accounts");
            var replies = Assert.Single(accounts.EnumerateArray());
            // IDLE may connect before the first poll has finished: wait for both.
            var activity = replies.GetProperty("activity");
            return activity.ValueKind == System.Text.Json.JsonValueKind.Object
                && activity.GetProperty("idle_connected").GetBoolean()
                && activity.GetProperty("last_poll_succeeded").ValueKind != System.Text.Json.JsonValueKind.Null ? replies : (System.Text.Json.JsonElement?)null;
        });
        Assert.Equal("replies", account.GetProperty("name").GetString());
        Assert.Equal(web.World.Monitored, account.GetProperty("mailbox").GetString());
        Assert.Equal("authorized", account.GetProperty("auth_state").GetString());
        Assert.Equal("client_credentials", account.GetProperty("auth_kind").GetString());
        Assert.True(account.GetProperty("idle_enabled").GetBoolean());
        Assert.True(account.GetProperty("activity").GetProperty("last_poll_succeeded").GetBoolean());
        Assert.Equal(0, account.GetProperty("pending_outbox").GetInt32());

        var healthy = await WaitForAsync(web, async () =>
        {
            // Quartz starts its scheduler just after the host: /healthz may answer 503 "not started" for a moment.
            using var response = await web.Http.GetAsync("/healthz");
            var health = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return health.GetProperty("status").GetString() == "healthy" ? health : (System.Text.Json.JsonElement?)null;
        });
        Assert.True(healthy.GetProperty("store").GetProperty("ok").GetBoolean());
        Assert.Equal("running", healthy.GetProperty("scheduler").GetProperty("detail").GetString());
        Assert.Equal("authorized", Assert.Single(healthy.GetProperty("accounts").EnumerateArray()).GetProperty("auth_state").GetString());

        // A scheduler that is not running makes the worker unhealthy: 503 with the reason.
        var scheduler = await web.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
        try
        {
            var unhealthy = await web.GetJsonAsync("/healthz", HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unhealthy", unhealthy.GetProperty("status").GetString());
            Assert.Contains("scheduler: standby", unhealthy.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        }
        finally
        {
            await scheduler.Start();
        }

        Assert.Equal("healthy", (await web.GetJsonAsync("/healthz")).GetProperty("status").GetString());
    }

    private static async Task<System.Text.Json.JsonElement> WaitForAsync(WebWorld web, Func<Task<System.Text.Json.JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out. Worker stderr: {web.World.ErrorText}\n{string.Join('\n', web.World.Harness.Logs.Lines.TakeLast(40))}");
            }

            await Task.Delay(200);
        }
    }
}
