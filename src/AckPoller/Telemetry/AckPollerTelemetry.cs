using AckPoller.Core.Configuration;
using AckPoller.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AckPoller.Telemetry;

/// <summary>Wires the "AckPoller" Meter and ActivitySource to their exporters with the OpenTelemetry .NET SDK: the
/// Prometheus exporter behind GET /metrics (web host, Telemetry:Metrics) and OTLP when Telemetry:Otlp:Endpoint is set.
/// Without OTLP no tracer provider is built, so the ActivitySource has no listener and spans cost nothing.</summary>
internal static class AckPollerTelemetry
{
    /// <summary>.NET's built-in runtime meter: process CPU time, memory, GC, thread pool ("process basics").</summary>
    public const string RuntimeMeter = "System.Runtime";

    public static IServiceCollection AddAckPollerTelemetry(this IServiceCollection services, AckPollerOptions options, bool prometheus)
    {
        ArgumentNullException.ThrowIfNull(options);
        var telemetry = options.Telemetry;
        var otlp = telemetry.Otlp;
        var otlpEndpoint = string.IsNullOrWhiteSpace(otlp.Endpoint) ? null : new Uri(otlp.Endpoint);
        services.AddSingleton(ScrapeToken.Load(telemetry));
        var builder = services.AddOpenTelemetry().ConfigureResource(r => r.AddService("ackpoller", serviceVersion: AckPollerMetrics.Meter.Version));
        var exportMetrics = prometheus || (otlpEndpoint is not null && otlp.Metrics);
        if (exportMetrics)
        {
            // The store-backed gauges are read only when something exports them.
            services.AddSingleton<TelemetrySnapshotReader>();
            services.AddHostedService(sp => sp.GetRequiredService<TelemetrySnapshotReader>());
            builder.WithMetrics(metrics =>
            {
                metrics.AddMeter(AckPollerMetrics.MeterName, RuntimeMeter);
                var accounts = options.Accounts.Count;
                metrics.AddView(instrument => StreamFor(instrument, accounts));
                if (prometheus)
                {
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (otlpEndpoint is not null && otlp.Metrics)
                {
                    metrics.AddOtlpExporter(o => Configure(o, otlp, otlpEndpoint, "v1/metrics"));
                }
            });
        }

        if (otlpEndpoint is not null && otlp.Traces)
        {
            builder.WithTracing(tracing => tracing
                .AddSource(AckPollerTracing.SourceName)
                .AddOtlpExporter(o => Configure(o, otlp, otlpEndpoint, "v1/traces")));
        }

        return services;
    }

    /// <summary>The series one instrument of the runtime meter can have (generations, heaps, exception types seen).</summary>
    internal const int RuntimeCardinalityLimit = 128;

    /// <summary>The one view over every instrument (two views matching one instrument would export it twice): the
    /// runtime gauges' Prometheus names (<see cref="RenameRuntimeGauges"/>) and a cardinality limit sized to what the
    /// labels can reach. The SDK allocates every stream's series table up front at its limit, 2,000 by default: 39
    /// streams × 2,000 series were 6.9 MB of the heap of an idle worker (5.6 MB of it on the large-object heap) whatever
    /// the configuration. AckPoller's labels are bounded by the configuration (<see cref="AckPollerMetrics"/>), so its
    /// instruments get <see cref="AckPollerCardinalityLimit"/>; a series beyond a limit is counted, not lost, under the
    /// SDK's overflow label <c>otel_metric_overflow="true"</c>.</summary>
    internal static MetricStreamConfiguration StreamFor(System.Diagnostics.Metrics.Instrument instrument, int accounts)
    {
        var stream = RenameRuntimeGauges(instrument) ?? new MetricStreamConfiguration();
        stream.CardinalityLimit = instrument.Meter.Name == RuntimeMeter ? RuntimeCardinalityLimit : AckPollerCardinalityLimit(accounts);
        return stream;
    }

    /// <summary>Series per AckPoller instrument: at most 16 per account (e.g. one per auth state, outcome or result
    /// with its account; two servers per account for the circuit breakers) and 64 without an account label (outbox
    /// kinds and states, database operations).</summary>
    internal static int AckPollerCardinalityLimit(int accounts) => 64 + (16 * Math.Max(0, accounts));

    /// <summary>Prometheus reserves the "_count" suffix for histograms and summaries (promtool's lint refuses it), but
    /// .NET's runtime meter has gauges named "….count": they are exported as dotnet_assemblies_loaded,
    /// dotnet_process_cpus, dotnet_thread_pool_threads, dotnet_timers (any other such gauge: "….number").</summary>
    internal static MetricStreamConfiguration? RenameRuntimeGauges(System.Diagnostics.Metrics.Instrument instrument)
    {
        if (instrument.Meter.Name != RuntimeMeter || !instrument.Name.EndsWith(".count", StringComparison.Ordinal)
            || instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal) || instrument.GetType().Name.StartsWith("ObservableCounter", StringComparison.Ordinal)
            || instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal))
        {
            return null;
        }

        return new MetricStreamConfiguration
        {
            Name = instrument.Name switch
            {
                "dotnet.assembly.count" => "dotnet.assemblies.loaded",
                "dotnet.process.cpu.count" => "dotnet.process.cpus",
                "dotnet.thread_pool.thread.count" => "dotnet.thread_pool.threads",
                "dotnet.timer.count" => "dotnet.timers",
                var name => name[..^".count".Length] + ".number",
            },
        };
    }

    /// <summary>OTLP/HTTP takes the endpoint as the full URL of the signal when it is set in code: a bare collector
    /// address (path "/") gets the signal's standard path.</summary>
    internal static void Configure(OtlpExporterOptions exporter, TelemetryOtlpOptions otlp, Uri endpoint, string signalPath)
    {
        var grpc = otlp.Protocol == TelemetryOtlpOptions.Grpc;
        exporter.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = !grpc && endpoint.AbsolutePath == "/" ? new Uri(endpoint, signalPath) : endpoint;
        if (!string.IsNullOrWhiteSpace(otlp.HeadersEnv))
        {
            exporter.Headers = Environment.GetEnvironmentVariable(otlp.HeadersEnv);
        }
    }
}
