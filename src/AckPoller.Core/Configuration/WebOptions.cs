namespace AckPoller.Core.Configuration;

/// <summary>Section "Web": the HTTP API, the status page and the OAuth sign-in callback, served by `ackpoller run`.</summary>
public sealed class WebOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8470";

    /// <summary>False runs the worker without any HTTP listener (sign-in then only through `ackpoller auth login`).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where to listen. Loopback (127.0.0.1, ::1, localhost) needs no key; any other address requires an API key.</summary>
    public string Url { get; set; } = DefaultUrl;

    /// <summary>The environment variable holding the API key callers send in the X-Api-Key header.</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>A file holding the API key (first line), e.g. a systemd credential or a Docker secret.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>True when <see cref="Url"/> listens on loopback only.</summary>
    public bool IsLoopbackOnly =>
        Uri.TryCreate(Url, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase));
}
