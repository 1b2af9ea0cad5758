using System.Globalization;
using System.Text;
using AckPoller.Core.Auth;

namespace AckPoller.Core.Notifications;

/// <summary>The texts admins receive: what happened to which account, why, and exactly what to do.</summary>
public static class AdminMessages
{
    public static AdminMessage AccountPaused(AccountAuthStatus status, DateTimeOffset now)
    {
        var what = status.State switch
        {
            AuthState.ReauthRequired => "needs sign-in",
            AuthState.CredentialInvalid => "has an invalid app credential",
            AuthState.MailboxAccessDenied => "is refused by the mail server",
            _ => $"is {status.State}",
        };
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"AckPoller account '{status.Account}' {what} ({status.State}, since {status.Since:yyyy-MM-dd HH:mm} UTC).\n\n");
        body.Append(CultureInfo.InvariantCulture, $"Reason: {status.Reason ?? "not given"}\n");
        if (status.ErrorCode is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"Error code: {status.ErrorCode}\n");
        }

        body.Append("\nReplies to alerts sent to this mailbox are NOT being processed until this is fixed.\n\n");
        switch (status.State)
        {
            case AuthState.ReauthRequired when status.Challenge is { IsDeviceCode: true } device:
                body.Append(CultureInfo.InvariantCulture, $"To sign in: open {device.VerificationUrl} and enter the code {device.UserCode}");
                body.Append(device.ExpiresAt is { } expires
                    ? string.Create(CultureInfo.InvariantCulture, $" (valid until {expires:yyyy-MM-dd HH:mm} UTC{(device.IsExpired(now) ? ", already expired: run the command below for a new one" : string.Empty)}).\n")
                    : ".\n");
                body.Append(CultureInfo.InvariantCulture, $"Or run: ackpoller auth login {status.Account} --device-code\n");
                break;
            case AuthState.ReauthRequired when status.Challenge?.AuthorizationUrl is { } url:
                body.Append(CultureInfo.InvariantCulture, $"To sign in, open this link as {status.Account}'s mailbox user:\n{url.AbsoluteUri}\n\n");
                body.Append(CultureInfo.InvariantCulture, $"Or run: ackpoller auth login {status.Account}\n");
                break;
            case AuthState.ReauthRequired:
                body.Append(CultureInfo.InvariantCulture, $"To sign in, run: ackpoller auth login {status.Account}\n");
                break;
            case AuthState.CredentialInvalid:
                body.Append("Signing in will not help: fix the client secret, certificate or password in the configuration and restart AckPoller.\n");
                break;
            default:
                body.Append("Check the mailbox permissions and that IMAP/POP3/SMTP is enabled for it; AckPoller tries again by itself.\n");
                break;
        }

        body.Append("\nPolling resumes by itself, and the waiting replies are processed, as soon as the account works again.\n");
        return new AdminMessage($"[AckPoller] Account {status.Account} {what}", body.ToString());
    }

    public static AdminMessage CredentialExpiring(CredentialExpiryWarning warning) =>
        new($"[AckPoller] Account {warning.Account}: {warning.Credential} {(warning.HasExpired ? "has expired" : "expires soon")}", warning.Message + "\n");
}
