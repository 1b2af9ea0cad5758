using System.Diagnostics.Metrics;
using AckPoller.Core.Configuration;
using AckPoller.Core.Telemetry;
using AckPoller.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AckPoller.Integration.Tests.Telemetry;

/// <summary>The metrics pipeline's own memory (issue 11, steady memory): the OpenTelemetry SDK allocates each metric
/// stream's series table up front at its cardinality limit, so the limit decides what an idle worker holds.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class MetricStreamMemoryTests
{
    [Fact]
    public void Every_stream_gets_a_limit_sized_to_its_labels_and_the_runtime_gauges_keep_their_names()
    {
        using var meter = new Meter(AckPollerTelemetry.RuntimeMeter);
        var runtimeGauge = meter.CreateObservableGauge("dotnet.assembly.count", () => 1);
        var runtimeCounter = meter.CreateCounter<long>("dotnet.gc.collections");

        var ackpoller = AckPollerTelemetry.StreamFor(AckPollerMetrics.Replies, accounts: 20);
        Assert.Null(ackpoller.Name);
        Assert.Equal(64 + (16 * 20), ackpoller.CardinalityLimit);
        Assert.Equal(64, AckPollerTelemetry.StreamFor(AckPollerMetrics.OutboxSends, accounts: 0).CardinalityLimit);

        var gauge = AckPollerTelemetry.StreamFor(runtimeGauge, accounts: 20);
        Assert.Equal("dotnet.assemblies.loaded", gauge.Name);
        Assert.Equal(AckPollerTelemetry.RuntimeCardinalityLimit, gauge.CardinalityLimit);
        Assert.Null(AckPollerTelemetry.StreamFor(runtimeCounter, accounts: 20).Name);
        Assert.Equal(AckPollerTelemetry.RuntimeCardinalityLimit, AckPollerTelemetry.StreamFor(runtimeCounter, accounts: 20).CardinalityLimit);
    }

    [Fact]
    public void The_meter_provider_of_a_worker_with_20_accounts_allocates_well_under_a_megabyte_for_its_streams()
    {
        var options = new AckPollerOptions();
        for (var i = 0; i < 20; i++)
        {
            options.Accounts.Add(new MailAccountOptions { Name = $"rota{i}" });
        }

        var services = new ServiceCollection();
        services.AddAckPollerTelemetry(options, prometheus: true);
        using var provider = services.BuildServiceProvider();
        AckPollerMetrics.EnsureRegistered();

        // The SDK creates a stream's table when the provider subscribes to an instrument that already exists, on this
        // thread. With the SDK's default limit (2,000 series) the 20-odd AckPoller instruments alone took ~3.5 MB.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var meterProvider = provider.GetRequiredService<MeterProvider>();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotNull(meterProvider);
        Assert.True(allocated < 1_500_000, $"building the meter provider allocated {allocated:N0} bytes");
    }
}
