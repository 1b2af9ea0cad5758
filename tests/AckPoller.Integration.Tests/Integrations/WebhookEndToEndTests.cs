using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using AckPoller.Integration.Tests.EndToEnd;
using AckPoller.Integration.Tests.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AckPoller.Integration.Tests.Integrations;

/// <summary>`ackpoller run` delivering to a local HTTPS receiver (its own CA, trusted through ExtraCaFile): the alert
/// raised through the API and the reply "ack" sent through Postfix arrive as signed Standard Webhooks events, in order
/// per alert, after the receiver answered 500 twice (the retried delivery keeps its webhook-id).</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class WebhookEndToEndTests
{
    private const string Secret = "whsec_dGVzdC1zZWNyZXQtZm9yLWFja3BvbGxlci13ZWJob29rcw==";

    [Fact]
    public async Task Events_arrive_signed_in_order_after_server_errors()
    {
        var variable = "ACKPOLLER_TEST_WEBHOOK_SECRET_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(variable, Secret);
        var folder = Directory.CreateTempSubdirectory("ackpoller-webhook-").FullName;
        try
        {
            using var certificate = SelfSigned();
            var caFile = Path.Combine(folder, "ca.pem");
            await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem());
            var received = new ConcurrentQueue<(string Id, string Timestamp, string Signature, string Body, int Status)>();
            var calls = 0;
            await using var receiver = await StartReceiverAsync(certificate, async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                var status = Interlocked.Increment(ref calls) <= 2 ? 500 : 204;
                received.Enqueue((context.Request.Headers["webhook-id"].ToString(), context.Request.Headers["webhook-timestamp"].ToString(),
                    context.Request.Headers["webhook-signature"].ToString(), body, status));
                context.Response.StatusCode = status;
            });
            var url = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

            await using var web = await WebWorld.StartAsync(channel: ReplyChannel.ImapPolling, configure: w => w.WebhooksJson = $$"""
                [ { "Name": "receiver", "Url": "{{url}}/hook", "SecretEnv": "{{variable}}", "RetryBaseDelay": "00:00:00.2", "ExtraCaFile": "{{caFile}}" } ]
                """);
            var (status, raised, response) = await web.PostJsonAsync("/api/alerts", new { to = new[] { web.World.OnCall }, subject = "Disk full on db01" });
            response.Dispose();
            Assert.Equal(HttpStatusCode.Created, status);
            var reference = raised.GetProperty("reference").GetString()!;
            var alert = await web.World.AlertAsync(Core.Alerts.AlertReference.Parse(reference));
            var email = await web.World.WaitForAlertEmailAsync(alert);
            var reply = ReplyStyles.Compose("outlook", email, web.World.OnCall, EndToEndWorld.OnCallName, web.World.Monitored, "ack looking at it");
            await SandboxMail.DeliverAsync(web.World.Harness.Settings, web.World.OnCall, web.World.Monitored, reply.Bytes);

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (received.Count(r => r.Status == 204) < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            var all = received.ToList();
            var delivered = all.Where(r => r.Status == 204).ToList();
            Assert.True(delivered.Count == 2, $"{delivered.Count} events delivered: {string.Join("\n", all.Select(r => r.Status + " " + r.Body))}");
            Assert.Equal(["alert.raised", "ack.applied"], delivered.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
            Assert.All(delivered, r => Assert.Equal(reference, JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("alert_reference").GetString()));
            Assert.Equal("looking at it", JsonDocument.Parse(delivered[1].Body).RootElement.GetProperty("data").GetProperty("comment").GetString());
            // The two 500s were attempts of the first event: same webhook-id, and nothing of the alert overtook it.
            Assert.Equal([delivered[0].Id, delivered[0].Id, delivered[0].Id], all.Take(3).Select(r => r.Id));
            var key = Convert.FromBase64String(Secret["whsec_".Length..]);
            foreach (var r in all)
            {
                var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{r.Id}.{r.Timestamp}.{r.Body}")));
                Assert.Equal(expected, r.Signature);
            }

            var list = await web.GetJsonAsync("/api/webhooks/deliveries?state=delivered");
            Assert.Equal(2, list.GetProperty("deliveries").GetArrayLength());
            Assert.Equal(3, list.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("event_type").GetString() == "alert.raised").GetProperty("attempts").GetInt32());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ackpoller-webhook-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    internal static async Task<WebApplication> StartReceiverAsync(X509Certificate2 certificate, RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.MapPost("/hook", handler);
        await app.StartAsync();
        return app;
    }
}
