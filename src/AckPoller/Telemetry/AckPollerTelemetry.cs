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
                metrics.AddView(RenameRuntimeGauges);
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
