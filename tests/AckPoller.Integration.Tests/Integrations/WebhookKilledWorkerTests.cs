using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Webhooks;
using AckPoller.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Integration.Tests.Integrations;

/// <summary>A real `ackpoller run` process killed (SIGKILL) while its webhook request hangs at the receiver: the
/// restarted worker sends the same event again with the same webhook-id and signature input, and it is delivered once
/// the receiver answers; nothing is lost.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class WebhookKilledWorkerTests
{
    private const string Secret = "whsec_dGVzdC1zZWNyZXQtZm9yLWFja3BvbGxlci13ZWJob29rcw==";
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_delivery_interrupted_by_kill_is_sent_again_with_the_same_id_after_restart()
    {
        var settings = SandboxSettings.Load();
        var folder = Directory.CreateTempSubdirectory("ackpoller-webhook-kill-").FullName;
        AckPollerNode? worker = null;
        try
        {
            using var certificate = WebhookEndToEndTests.SelfSigned();
            var caFile = Path.Combine(folder, "ca.pem");
            await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem());
            var received = new ConcurrentQueue<(string Id, string Timestamp, string Signature, string Body)>();
            var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var receiver = await WebhookEndToEndTests.StartReceiverAsync(certificate, async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                received.Enqueue((context.Request.Headers["webhook-id"].ToString(), context.Request.Headers["webhook-timestamp"].ToString(),
                    context.Request.Headers["webhook-signature"].ToString(), body));
                first.TrySetResult();
                // The first worker's request hangs here until the worker is killed; later ones are answered.
                await answer.Task.WaitAsync(TimeSpan.FromMinutes(2), context.RequestAborted);
                context.Response.StatusCode = 200;
            });
            var url = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            var monitored = settings.NewAddress("replies");
            var database = Path.Combine(folder, "ackpoller.db");
            var config = Path.Combine(folder, "appsettings.json");
            var json = NodeConfig.Sandbox(settings, folder, NodeConfig.Sqlite(database), "replies", "ackpoller.sandbox.test",
                [NodeConfig.Account(settings, "replies", monitored, pop3: false, "ACKPOLLER_E2E_PASSWORD", new JsonObject { ["Interval"] = "00:01:00", ["Idle"] = false })]);
            json["Web"] = new JsonObject { ["Enabled"] = false };
            json["Webhooks"] = new JsonArray(new JsonObject
            {
                ["Name"] = "receiver", ["Url"] = $"{url}/hook", ["SecretEnv"] = "ACKPOLLER_E2E_WEBHOOK_SECRET", ["Timeout"] = "00:02:00",
                ["RetryBaseDelay"] = "00:00:00.2", ["ExtraCaFile"] = caFile,
            });
            await NodeConfig.WriteAsync(json, config);

            worker = new AckPollerNode(WorkerProcess.Launch(config, new Dictionary<string, string>
            {
                ["ACKPOLLER_E2E_PASSWORD"] = settings.Password,
                ["ACKPOLLER_E2E_WEBHOOK_SECRET"] = Secret,
            }));
            worker.Start();
            var options = new AckPollerOptions { Storage = new StorageOptions { DatabasePath = database } };
            // The webhook cursors exist once the worker's dispatcher ran: events from then on are delivered.
            await worker.WaitUntilAsync(async () => File.Exists(database) && await CursorsAsync(database) == 2, TimeSpan.FromSeconds(90), "the worker's webhook dispatcher to start", Every);
            var store = await SqliteStore.OpenAsync(options.Storage, TimeProvider.System, NullLoggerFactory.Instance, default);
            await using (var work = await store.Transactions.BeginAsync(default))
            {
                await work.InsertAlertAsync(new Alert { Reference = AlertReference.Parse("AP-KILL01"), Subject = "Queue backlog", Recipients = ["oncall@sandbox.test"], CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow }, default);
                await work.CommitAsync(default);
            }

            await first.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await worker.KillAsync();
            answer.TrySetResult();

            worker.Start(); // again, with the same configuration
            var deliveries = new SqliteWebhookDeliveryStore(store.Connections);
            await worker.WaitUntilAsync(async () => (await deliveries.ListAsync(WebhookDeliveryState.Delivered, null, 10, default)).Count == 1, TimeSpan.FromSeconds(90), "the delivery after restart", Every);

            var all = received.ToList();
            Assert.True(all.Count >= 2, $"{all.Count} requests");
            Assert.Single(all.Select(r => r.Id).Distinct());
            Assert.Single(all.Select(r => r.Body).Distinct());
            Assert.Equal("alert.raised", JsonDocument.Parse(all[0].Body).RootElement.GetProperty("type").GetString());
            var key = Convert.FromBase64String(Secret["whsec_".Length..]);
            Assert.All(all, r => Assert.Equal("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{r.Id}.{r.Timestamp}.{r.Body}"))), r.Signature));
            Assert.Single(await deliveries.ListAsync(null, null, 10, default));
        }
        finally
        {
            if (worker is not null)
            {
                await worker.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<long> CursorsAsync(string database)
    {
        try
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM integration_cursors WHERE name LIKE 'webhooks-%'";
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0;
        }
    }
}
