using Microsoft.Extensions.Logging;

namespace AckPoller.Web;

/// <summary>Log events of web host, sign-in page, health: EventIds 1800–1899 (the README's event catalogue lists them).</summary>
internal static partial class WebLog
{
    [LoggerMessage(EventId = 1800, Level = LogLevel.Warning, Message = "Health check: the store cannot be read")]
    internal static partial void HealthCheckStoreCannotRead(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1801, Level = LogLevel.Warning, Message = "Status page sign-in with a wrong API key from {Remote}")]
    internal static partial void SignInWrongApiKey(ILogger logger, object? remote);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Warning, Message = "Cross-site sign-in request refused (Origin {Origin}, Sec-Fetch-Site {Site})")]
    internal static partial void CrossSiteSignInRefused(ILogger logger, object? origin, object? site);

    [LoggerMessage(EventId = 1803, Level = LogLevel.Warning, Message = "Account {Account}: sign-in request without a valid form token refused")]
    internal static partial void SignInWithoutFormToken(ILogger logger, string account);

    [LoggerMessage(EventId = 1804, Level = LogLevel.Warning, Message = "Account {Account}: the sign-in could not be started: {Error}")]
    internal static partial void SignInCouldNotStart(ILogger logger, Exception exception, string account, object? error);

    [LoggerMessage(EventId = 1805, Level = LogLevel.Information, Message = "Account {Account}: sign-in started from the status page ({Remote})")]
    internal static partial void SignInStarted(ILogger logger, string account, object? remote);

    [LoggerMessage(EventId = 1806, Level = LogLevel.Information, Message = "Status page: {Url} (listening on every interface, port {Port}; an API key is required)")]
    internal static partial void StatusPageKeyed(ILogger logger, object? url, object? port);

    [LoggerMessage(EventId = 1807, Level = LogLevel.Information, Message = "Status page: {Url}")]
    internal static partial void StatusPage(ILogger logger, object? url);

    [LoggerMessage(EventId = 1808, Level = LogLevel.Warning, Message = "{Method} {Path}: the store cannot take this request now ({Reason}): {Message}")]
    internal static partial void StoreCannotTakeRequest(ILogger logger, object? method, object? path, object? reason, object? message);

    [LoggerMessage(EventId = 1809, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    internal static partial void RequestFailed(ILogger logger, Exception exception, object? method, object? path);
}
