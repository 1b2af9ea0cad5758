using System.Security.Cryptography;
using System.Text;
using AckPoller.Core.Configuration;
using AckPoller.Core.Integrations.Alertmanager;
using AckPoller.Core.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Web;

/// <summary>POST /api/integrations/alertmanager: Alertmanager's webhook (payload version 4) and Grafana alerting's webhook
/// contact point. Authenticated by its own bearer token (Integrations:Alertmanager:ReceiverTokenEnv/File; Alertmanager's
/// http_config.authorization), on every binding including loopback, compared in constant time; the API key is not
/// asked for, since Alertmanager cannot send it. 200 with what was raised/updated/resolved; 401 without the token;
/// 404 when the receiver is not configured; 413 above MaxPayloadBytes; 400 naming the bad field; 422 when no route
/// or DefaultTo gives recipients. The whole payload is checked before anything is written.</summary>
internal static class AlertmanagerEndpoint
{
    public const string Path = "/api/integrations/alertmanager";

    public static void Map(IEndpointRouteBuilder app) => app.MapPost(Path, HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext context, AckPollerOptions options, AlertmanagerToken token, IServiceProvider services)
    {
        var settings = options.Integrations.Alertmanager;
        if (!token.IsConfigured)
        {
            return WebProblem.NotFound($"The Alertmanager receiver is off: set {AlertmanagerIntegrationOptions.Key}:ReceiverTokenEnv or ReceiverTokenFile.");
        }

        if (!token.Matches(context.Request.Headers.Authorization.ToString()))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"ackpoller\"";
            return WebProblem.Result(StatusCodes.Status401Unauthorized, "Unauthorized", "A valid bearer token is required (Authorization: Bearer …).", parameter: null);
        }

        if (context.Request.ContentLength > settings.MaxPayloadBytes)
        {
            return TooLarge(settings);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = settings.MaxPayloadBytes;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > settings.MaxPayloadBytes)
                {
                    return TooLarge(settings);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(settings);
        }

        AlertmanagerNotification notification;
        try
        {
            notification = AlertmanagerPayload.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (AlertmanagerPayloadException ex)
        {
            return WebProblem.BadParameter(ex.Field, ex.Message);
        }

        try
        {
            var receiver = services.GetRequiredService<AlertmanagerReceiver>();
            var receipt = await receiver.ReceiveAsync(notification, context.RequestAborted);
            return Results.Json(new ReceiptBody(
                receipt.Raised.Select(r => r.ToString()).ToList(),
                receipt.Updated.Select(r => r.ToString()).ToList(),
                receipt.Resolved.Select(r => r.ToString()).ToList(),
                receipt.Unchanged), ReportJson.Compact);
        }
        catch (AlertmanagerPayloadException ex)
        {
            return WebProblem.BadParameter(ex.Field, ex.Message);
        }
        catch (AlertmanagerRoutingException ex)
        {
            return WebProblem.Result(StatusCodes.Status422UnprocessableEntity, "No recipients", ex.Message, "labels");
        }
    }

    private static IResult TooLarge(AlertmanagerIntegrationOptions settings) =>
        WebProblem.Result(StatusCodes.Status413PayloadTooLarge, "Too large", $"The payload is larger than {AlertmanagerIntegrationOptions.Key}:MaxPayloadBytes ({settings.MaxPayloadBytes} bytes).", "body");

    private sealed record ReceiptBody(IReadOnlyList<string> Raised, IReadOnlyList<string> Updated, IReadOnlyList<string> Resolved, int Unchanged);
}

/// <summary>The receiver's bearer token, read once at start; only its SHA-256 is kept and it is never logged.</summary>
internal sealed class AlertmanagerToken
{
    private readonly byte[]? _hash;

    private AlertmanagerToken(string? token) =>
        _hash = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool IsConfigured => _hash is not null;

    public static AlertmanagerToken Load(AlertmanagerIntegrationOptions options, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? token = null;
        if (!string.IsNullOrWhiteSpace(options.ReceiverTokenEnv))
        {
            token = environment(options.ReceiverTokenEnv);
        }
        else if (!string.IsNullOrWhiteSpace(options.ReceiverTokenFile) && File.Exists(options.ReceiverTokenFile))
        {
            using var reader = new StreamReader(options.ReceiverTokenFile);
            token = reader.ReadLine();
        }

        return new AlertmanagerToken(token?.Trim());
    }

    /// <summary>True for "Bearer &lt;token&gt;" with the configured token.</summary>
    public bool Matches(string? authorization)
    {
        if (_hash is null || string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var candidate = authorization["Bearer ".Length..].Trim();
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), _hash);
    }

    public override string ToString() => IsConfigured ? "AlertmanagerToken (redacted)" : "AlertmanagerToken (none)";
}
