using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace AckPoller.Integration.Tests.Integrations;

/// <summary>Debian's Alertmanager (tests/alertmanager/install.sh) started privately for one test: generated configuration,
/// its own storage folder, a free loopback port, clustering off; killed and removed on dispose.</summary>
internal sealed class PrivateAlertmanager : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();

    private PrivateAlertmanager(Process process, string folder, Uri baseUri)
    {
        _process = process;
        _folder = folder;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="webhookUrl">AckPoller's receiver URL.</param>
    /// <param name="token">The bearer token Alertmanager sends (written to a 0600 credentials file).</param>
    public static async Task<PrivateAlertmanager> StartAsync(Uri webhookUrl, string token)
    {
        var folder = Directory.CreateTempSubdirectory("ackpoller-am-").FullName;
        var tokenFile = Path.Combine(folder, "token");
        await File.WriteAllTextAsync(tokenFile, token);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var config = Path.Combine(folder, "alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: ackpoller
              group_by: ['alertname']
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 2s
            receivers:
              - name: ackpoller
                webhook_configs:
                  - url: '{webhookUrl}'
                    send_resolved: true
                    http_config:
                      authorization:
                        credentials_file: '{tokenFile}'
            """);
        var port = FreePort();
        var start = new ProcessStartInfo("prometheus-alertmanager")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + config, "--storage.path=" + Path.Combine(folder, "data"), $"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=", "--log.level=debug",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus-alertmanager did not start (run tests/alertmanager/install.sh).");
        var alertmanager = new PrivateAlertmanager(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => alertmanager.Append(e.Data);
        process.ErrorDataReceived += (_, e) => alertmanager.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var ready = await alertmanager.Http.GetAsync("-/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return alertmanager;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = alertmanager.Output;
                await alertmanager.DisposeAsync();
                throw new InvalidOperationException("Alertmanager did not become ready:\n" + output);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Pushes alerts as Prometheus would (POST /api/v2/alerts). An endsAt in the past resolves them.</summary>
    public async Task PostAlertsAsync(params object[] alerts)
    {
        using var response = await Http.PostAsJsonAsync("api/v2/alerts", alerts);
        Assert.True(response.IsSuccessStatusCode, $"Alertmanager answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
