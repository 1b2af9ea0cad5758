using System.Net.Http.Json;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Reporting;
using AckPoller.Integration.Tests.EndToEnd;
using AckPoller.Web;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Integration.Tests.Web;

/// <summary>`ackpoller run` in-process (the end-to-end world: sandbox mail, the Entra stand-in, a real store) with its
/// web side on a free port; <see cref="Http"/> talks to the address the worker reports through <see cref="WebAddress"/>.</summary>
internal sealed class WebWorld : IAsyncDisposable
{
    private WebWorld(EndToEndWorld world, Uri baseUri, IServiceProvider services)
    {
        World = world;
        BaseUri = baseUri;
        Services = services;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public EndToEndWorld World { get; }

    public Uri BaseUri { get; }

    public IServiceProvider Services { get; }

    public HttpClient Http { get; }

    /// <param name="webJson">Section "Web" of the configuration (default: loopback, free port, no key).</param>
    /// <param name="integrationsJson">Section "Integrations" for the world (e.g. naming its on-call address; default: none).</param>
    /// <param name="configure">Anything else to set on the world before its configuration is written.</param>
    public static async Task<WebWorld> StartAsync(string? webJson = null, ReplyChannel channel = ReplyChannel.ImapIdle, Func<EndToEndWorld, string>? integrationsJson = null,
        Action<EndToEndWorld>? configure = null)
    {
        var world = await EndToEndWorld.StartAsync(channel, startWorker: false);
        try
        {
            world.WebJson = webJson ?? EndToEndWorld.DefaultWebJson;
            world.IntegrationsJson = integrationsJson?.Invoke(world) ?? "{}";
            configure?.Invoke(world);
            await File.WriteAllTextAsync(world.ConfigPath, world.ConfigJson());
            world.StartWorker();
            var services = await world.WorkerServicesAsync();
            var baseUri = await services.GetRequiredService<WebAddress>().WhenBound.WaitAsync(TimeSpan.FromSeconds(60));
            return new WebWorld(world, baseUri, services);
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>Appends rows to the ack log as the recorder would (same store, same transaction type).</summary>
    public async Task<IReadOnlyList<AckLogEntry>> SeedAckLogAsync(params AckLogEntry[] entries)
    {
        var stored = new List<AckLogEntry>();
        await using var work = await World.Store.Transactions.BeginAsync(default);
        foreach (var entry in entries)
        {
            stored.Add(entry with { Id = await work.AppendAckLogAsync(entry, default) });
        }

        await work.CommitAsync(default);
        return stored;
    }

    public static AckLogEntry Entry(DateTimeOffset processedAt, AckAction? action, AckOutcome outcome, string actor, AlertReference? alert = null, string? comment = null) => new()
    {
        AlertReference = alert,
        Action = action,
        Outcome = outcome,
        ActorAddress = actor,
        ActorName = null,
        Comment = comment,
        ReceivedAt = processedAt.AddSeconds(-1),
        ProcessedAt = processedAt,
        Account = EndToEndWorld.AccountName,
        Protocol = "imap",
        MessageKey = Guid.NewGuid().ToString("N"),
        SourceMessageId = Guid.NewGuid().ToString("N") + "@client.test",
        Reason = outcome == AckOutcome.Applied ? "applied" : "seeded " + Names.Of(outcome),
    };

    public async Task<JsonElement> GetJsonAsync(string path, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<(System.Net.HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostJsonAsync(string path, object body)
    {
        var response = await Http.PostAsync(path, JsonContent.Create(body, options: ReportJson.Compact));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await World.DisposeAsync();
    }
}
