using AckPoller.Core.Configuration;
using AckPoller.Mail;

namespace AckPoller.Core.Auth;

/// <summary>Turns a mail server's refusal of a fresh token into the fix an admin needs.</summary>
public static class MailboxAccessHints
{
    public const string ErrorCode = "MailboxAccessDenied";

    public static string For(MailAuthenticationException rejection, MailAccountOptions account)
    {
        var response = rejection.ServerResponse ?? string.Empty;
        var said = string.IsNullOrEmpty(response) ? string.Empty : $" The server said: \"{Shorten(response)}\".";
        if (response.Contains("5.7.139", StringComparison.Ordinal) || response.Contains("SmtpClientAuthentication", StringComparison.OrdinalIgnoreCase))
        {
            return "SMTP AUTH is disabled (SmtpClientAuthentication is disabled for the Tenant or the mailbox): enable it for the mailbox with " +
                $"Set-CASMailbox -Identity {account.Mailbox} -SmtpClientAuthenticationDisabled $false, or tenant-wide with Set-TransportConfig.{said}";
        }

        if (response.Contains("User is authenticated but not connected", StringComparison.OrdinalIgnoreCase))
        {
            return account.AuthKind == AccountAuthKind.ClientCredentials
                ? $"The app is authenticated but has no rights on {account.Mailbox}: grant its service principal access with Add-MailboxPermission -Identity {account.Mailbox} -User <service principal object id> -AccessRights FullAccess.{said}"
                : $"The signed-in account lacks rights on {account.Mailbox}: sign in as the mailbox itself, or give the signed-in user FullAccess (Add-MailboxPermission).{said}";
        }

        return account.AuthKind switch
        {
            AccountAuthKind.ClientCredentials =>
                $"The mail server refused the app-only token for {account.Mailbox}. Register the app's service principal in Exchange Online (New-ServicePrincipal -AppId <client id> -ObjectId <enterprise app object id>), " +
                $"grant it the mailbox (Add-MailboxPermission -Identity {account.Mailbox} -User <service principal id> -AccessRights FullAccess), and make sure IMAP.AccessAsApp / POP.AccessAsApp / SMTP.SendAsApp are admin-consented.{said}",
            AccountAuthKind.Password =>
                $"The mail server refused the user name or password for {account.LoginName}. Check the password in the environment, and that the server still allows basic authentication.{said}",
            AccountAuthKind.AccessToken =>
                $"The mail server refused the access token read from {account.AccessTokenSource} for {account.LoginName}: it may have expired or be for another user. " +
                $"Check that whatever writes it refreshes it in time; AckPoller reads it again at every connection and tries again by itself.{said}",
            _ =>
                $"The mail server refused a fresh token for {account.Mailbox}. Check that IMAP/POP/SMTP AUTH is enabled for the mailbox (Get-CASMailbox) and that the signed-in user owns it or has FullAccess.{said}",
        };
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
