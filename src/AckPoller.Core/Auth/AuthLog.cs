using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Auth;

/// <summary>Log events of sign-in, tokens, credentials: EventIds 1100–1149 (the README's event catalogue lists them).</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Account {Account}: token request failed temporarily ({Code}): {Reason}")]
    internal static partial void TokenRequestFailedTemporarily(ILogger logger, string account, object? code, object? reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Account {Account}: could not prepare a sign-in challenge: {Error}")]
    internal static partial void CouldNotPrepareSignInChallenge(ILogger logger, Exception exception, string account, object? error);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Account {Account}: to sign in, open {Url} and enter the code {Code} (valid until {Expires:u})")]
    internal static partial void DeviceCodeSignIn(ILogger logger, string account, object? url, object? code, object? expires);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Account {Account}: device-code sign-in ended without success: {Error}")]
    internal static partial void DeviceCodeSignInFailed(ILogger logger, string account, object? error);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Account {Account}: the mail server refused the token ({Response}); refreshing it and trying once more")]
    internal static partial void MailServerRefusedTokenRefreshing(ILogger logger, string account, object? response);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Sign-in callback with an unknown or already used state was refused")]
    internal static partial void SignInCallbackUnknownState(ILogger logger);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Account {Account}: {Reason}")]
    internal static partial void SignInCallbackFailed(ILogger logger, string account, object? reason);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Account {Account}: cannot read the certificate's expiry: {Error}")]
    internal static partial void CannotReadCertificateExpiry(ILogger logger, string account, object? error);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "{Message}")]
    internal static partial void CredentialExpiring(ILogger logger, object? message);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Information, Message = "Account {Account}: keep-alive refresh done")]
    internal static partial void KeepAliveRefreshDone(ILogger logger, string account);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "Account {Account}: keep-alive refresh failed: {Reason}")]
    internal static partial void KeepAliveRefreshFailed(ILogger logger, string account, object? reason);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Information, Message = "Account {Account}: waited for another node's token refresh; continuing with the cache it left")]
    internal static partial void WaitedForAnotherTokenRefresh(ILogger logger, string account);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Information, Message = "Account {Account}: another node refreshed the token while this one waited; using that token instead of refreshing again")]
    internal static partial void UsingTokenRefreshedByAnotherNode(ILogger logger, string account);
}
