using System.Net;
using System.Net.Sockets;
using System.Text;
using AckPoller.Core.Auth;

namespace AckPoller.Cli;

/// <summary>For `auth login` when the redirect URI is http://localhost:PORT/…: a one-shot HTTP listener on the loopback
/// interface that takes the browser's redirect, completes the sign-in through <see cref="AuthorizationCallbackHandler"/>
/// and shows the result. Requests for other paths get 404; request lines and headers are size-limited.</summary>
internal sealed class AuthLoopbackListener : IDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private readonly TcpListener _listener;
    private readonly string _path;

    private AuthLoopbackListener(TcpListener listener, string path)
    {
        _listener = listener;
        _path = path;
    }

    public static bool CanServe(Uri? redirectUri) =>
        redirectUri is { Scheme: "http" } && (redirectUri.Host == "localhost" || (IPAddress.TryParse(redirectUri.Host, out var ip) && IPAddress.IsLoopback(ip)));

    /// <summary>Listens on the redirect URI's port; null when something else holds it (typically `ackpoller run`, whose own
    /// /oauth/callback then completes the sign-in).</summary>
    public static AuthLoopbackListener? TryStart(Uri redirectUri)
    {
        var address = redirectUri.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(redirectUri.Host);
        var listener = new TcpListener(address, redirectUri.Port);
        try
        {
            listener.Start();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listener.Dispose();
            return null;
        }

        return new AuthLoopbackListener(listener, redirectUri.AbsolutePath);
    }

    /// <summary>Serves requests until one arrives on the redirect path; returns what the handler decided.</summary>
    public async Task<AuthorizationCallbackResult> WaitAsync(AuthorizationCallbackHandler handler, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            await using var stream = client.GetStream();
            var target = await ReadRequestTargetAsync(stream, cancellationToken);
            var query = target?.IndexOf('?', StringComparison.Ordinal) is int q and >= 0 ? target[q..] : string.Empty;
            var path = target is null ? null : (query.Length > 0 ? target[..target.IndexOf('?', StringComparison.Ordinal)] : target);
            if (path is null || !string.Equals(path.TrimEnd('/'), _path.TrimEnd('/'), StringComparison.Ordinal))
            {
                await RespondAsync(stream, 404, "Not found.", cancellationToken);
                continue;
            }

            var result = await handler.HandleAsync(AuthorizationCallback.FromQuery(query), cancellationToken);
            await RespondAsync(stream, result.Succeeded ? 200 : 400, result.Message, cancellationToken);
            if (result.Account is not null || result.Succeeded)
            {
                return result;
            }
        }
    }

    public void Dispose() => _listener.Stop();

    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeaderBytes];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
            if (buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var lineEnd = buffer.AsSpan(0, filled).IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            return null;
        }

        var parts = Encoding.ASCII.GetString(buffer, 0, lineEnd).Split(' ');
        return parts.Length == 3 && parts[0] == "GET" ? parts[1] : null;
    }

    private static async Task RespondAsync(NetworkStream stream, int status, string message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($"<!doctype html><html><head><meta charset=\"utf-8\"><title>AckPoller sign-in</title></head><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>");
        var reason = status switch { 200 => "OK", 404 => "Not Found", _ => "Bad Request" };
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
    }
}
