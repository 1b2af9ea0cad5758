namespace AckPoller.Core.Configuration;

/// <summary>Section "Telemetry": Prometheus metrics on GET /metrics of the web host, optional OTLP export of traces and
/// metrics, and the console log format.</summary>
public sealed class TelemetryOptions
{
    public const string TextLogFormat = "text";
    public const string JsonLogFormat = "json";

    /// <summary>Serve GET /metrics (Prometheus text format) on Web:Url.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Environment variable holding a token that lets a scraper read /metrics (Authorization: Bearer …) without
    /// the API key. Needed only where the API key is required (a non-loopback Web:Url); loopback is open.</summary>
    public string? ScrapeTokenEnv { get; set; }

    /// <summary>A file holding the scrape token (first line), e.g. a systemd credential or a Docker secret.</summary>
    public string? ScrapeTokenFile { get; set; }

    /// <summary>"text" (one line per entry, the default) or "json" (one JSON object per line, for log shippers).</summary>
    public string LogFormat { get; set; } = TextLogFormat;

    public TelemetryOtlpOptions Otlp { get; set; } = new();
}

/// <summary>Section "Telemetry:Otlp": export over OpenTelemetry's OTLP when <see cref="Endpoint"/> is set.</summary>
public sealed class TelemetryOtlpOptions
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The collector, e.g. http://127.0.0.1:4318 (http/protobuf) or http://127.0.0.1:4317 (grpc); unset: no OTLP.</summary>
    public string? Endpoint { get; set; }

    /// <summary>"http/protobuf" (default) or "grpc".</summary>
    public string Protocol { get; set; } = HttpProtobuf;

    /// <summary>Export traces (the "AckPoller" ActivitySource).</summary>
    public bool Traces { get; set; } = true;

    /// <summary>Export the "AckPoller" metrics over OTLP too (besides /metrics).</summary>
    public bool Metrics { get; set; }

    /// <summary>Environment variable holding extra OTLP headers ("key=value,key2=value2", e.g. an API key of the collector).</summary>
    public string? HeadersEnv { get; set; }
}

/// <summary>Checks section "Telemetry"; every message starts with the key it is about.</summary>
public static class TelemetryOptionsValidation
{
    public const int MinimumScrapeTokenLength = 16;

    public static void Validate(TelemetryOptions telemetry, Func<string, string?> environment, Func<string, bool> fileExists, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(errors);
        if (telemetry.LogFormat is not (TelemetryOptions.TextLogFormat or TelemetryOptions.JsonLogFormat))
        {
            errors.Add($"Telemetry:LogFormat: '{telemetry.LogFormat}' must be \"text\" or \"json\".");
        }

        if (!string.IsNullOrWhiteSpace(telemetry.ScrapeTokenEnv) && !string.IsNullOrWhiteSpace(telemetry.ScrapeTokenFile))
        {
            errors.Add("Telemetry:ScrapeTokenEnv: give the scrape token one way only (ScrapeTokenEnv or ScrapeTokenFile).");
        }
        else if (!string.IsNullOrWhiteSpace(telemetry.ScrapeTokenEnv))
        {
            var value = environment(telemetry.ScrapeTokenEnv);
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"Telemetry:ScrapeTokenEnv: environment variable {telemetry.ScrapeTokenEnv} is not set.");
            }
            else if (value.Trim().Length < MinimumScrapeTokenLength)
            {
                errors.Add($"Telemetry:ScrapeTokenEnv: the token in {telemetry.ScrapeTokenEnv} is shorter than {MinimumScrapeTokenLength} characters.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(telemetry.ScrapeTokenFile) && !fileExists(telemetry.ScrapeTokenFile))
        {
            errors.Add($"Telemetry:ScrapeTokenFile: file '{telemetry.ScrapeTokenFile}' does not exist.");
        }

        var otlp = telemetry.Otlp;
        if (!string.IsNullOrWhiteSpace(otlp.Endpoint)
            && (!Uri.TryCreate(otlp.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Telemetry:Otlp:Endpoint: '{otlp.Endpoint}' must be an http(s) URL, e.g. http://127.0.0.1:4318.");
        }

        if (otlp.Protocol is not (TelemetryOtlpOptions.Grpc or TelemetryOtlpOptions.HttpProtobuf))
        {
            errors.Add($"Telemetry:Otlp:Protocol: '{otlp.Protocol}' must be \"http/protobuf\" or \"grpc\".");
        }

        if (!string.IsNullOrWhiteSpace(otlp.HeadersEnv) && string.IsNullOrEmpty(environment(otlp.HeadersEnv)))
        {
            errors.Add($"Telemetry:Otlp:HeadersEnv: environment variable {otlp.HeadersEnv} is not set.");
        }
    }
}
