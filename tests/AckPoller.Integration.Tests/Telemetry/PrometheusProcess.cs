using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace AckPoller.Integration.Tests.Telemetry;

/// <summary>A private Prometheus server (Debian's package, tests/prometheus/install.sh) on a free loopback port, with its
/// own configuration and TSDB folder, scraping one target every second. Disposed: killed and its folder removed.</summary>
internal sealed class PrometheusProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string Promtool = "/usr/bin/promtool";

    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private PrometheusProcess(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    private System.Text.StringBuilder Errors { get; init; } = new();

    public static void RequireInstalled() =>
        Assert.True(File.Exists(Binary) && File.Exists(Promtool), $"{Binary} and {Promtool} are missing: run tests/prometheus/install.sh (Debian package 'prometheus').");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <param name="rules">Alerting rules (a rule file's YAML), evaluated every second.</param>
    /// <param name="alertmanagerPort">An Alertmanager on loopback the rules' alerts are sent to.</param>
    public static async Task<PrometheusProcess> StartAsync(int targetPort, string? bearerToken = null, string? rules = null, int? alertmanagerPort = null)
    {
        RequireInstalled();
        var folder = Directory.CreateTempSubdirectory("ackpoller-prometheus-").FullName;
        var port = FreePort();
        var authorization = bearerToken is null ? string.Empty : $"\n    authorization:\n      credentials: \"{bearerToken}\"";
        var config = Path.Combine(folder, "prometheus.yml");
        var extra = string.Empty;
        if (rules is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "rules.yml"), rules);
            extra += $"\nrule_files:\n  - {Path.Combine(folder, "rules.yml")}\n";
        }

        if (alertmanagerPort is { } am)
        {
            extra += $"\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [\"127.0.0.1:{am}\"]\n";
        }

        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: ackpoller
                metrics_path: /metrics{authorization}
                static_configs:
                  - targets: ["127.0.0.1:{targetPort}"]
            """ + extra);
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}", $"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        process.OutputDataReceived += (_, _) => { };
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var prometheus = new PrometheusProcess(process, folder, port) { Errors = errors };
        await prometheus.WaitReadyAsync();
        return prometheus;
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.False(_process.HasExited, $"prometheus exited: {Errors}");
            try
            {
                using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{Port}/-/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "prometheus did not become ready within 60 s");
            await Task.Delay(100);
        }
    }

    /// <summary>An instant query; the values of the result vector by their labels ("" for a scalar-like single sample).</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        var uri = new Uri($"http://127.0.0.1:{Port}/api/v1/query?query={Uri.EscapeDataString(promql)}");
        using var document = JsonDocument.Parse(await _http.GetStringAsync(uri));
        var data = document.RootElement.GetProperty("data");
        var samples = new List<(IReadOnlyDictionary<string, string>, double)>();
        foreach (var item in data.GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
            var value = double.Parse(item.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            samples.Add((labels, value));
        }

        return samples;
    }

    /// <summary>Queries until <paramref name="accept"/> holds for the result (scrapes are every second), up to 60 s.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> WaitForAsync(
        string promql, Func<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>, bool> accept)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var result = await QueryAsync(promql);
            if (accept(result))
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Prometheus never answered as expected for {promql}; last: " +
                string.Join("; ", result.Select(r => string.Join(',', r.Labels.Select(l => $"{l.Key}={l.Value}")) + " " + r.Value.ToString(CultureInfo.InvariantCulture))));
            await Task.Delay(250);
        }
    }

    /// <summary>Runs promtool with <paramref name="arguments"/>, <paramref name="input"/> on its standard input.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolAsync(string? input, params string[] arguments)
    {
        RequireInstalled();
        var start = new ProcessStartInfo(Promtool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await error);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            _process.Dispose();
            _http.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
