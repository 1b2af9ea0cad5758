using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Mail;
using AckPoller.Mail.Smtp;

namespace AckPoller.Core.Diagnostics;

/// <summary>The known Office 365 errors of the "Test Server" check (`ackpoller test`), each with a plain-language cause
/// and fix. The token errors' explanations come from <see cref="Auth.Errors.MsalErrorClassifier"/> (in the
/// <see cref="AccountAuthException"/>'s reason); the mailbox refusals that <see cref="MailboxAccessHints"/> already
/// answers with the account's own PowerShell line reuse its text.</summary>
public static class Office365Hints
{
    public const string ImapAuthenticateFailed = "AUTHENTICATE failed";
    public const string NotConnected = "User is authenticated but not connected";
    public const string SmtpAuthUnsuccessful = "535 5.7.3";
    public const string SmtpAuthDisabled = "535 5.7.139";
    public const string SecretIdInsteadOfValue = "AADSTS7000215";
    public const string SecretExpired = "AADSTS7000222";
    public const string RefreshTokenExpired = "AADSTS700082";
    public const string ConsentMissing = "AADSTS65001";

    /// <summary>The table, with placeholders where an account's names would go (for documentation and the API).</summary>
    public static IReadOnlyList<Office365Hint> All { get; } = Build(null);

    /// <summary>The hint for <paramref name="error"/> (anywhere in its chain) met while <paramref name="protocol"/> was
    /// being used for <paramref name="account"/>, or null when it is none of the known errors.</summary>
    public static Office365Hint? For(Exception error, MailAccountOptions account, MailProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(account);
        var table = Build(account);
        for (var current = error; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AccountAuthException { ErrorCode: { } code } when Find(table, code) is { } byCode:
                    return byCode;
                case MailAuthenticationException rejection:
                    return ForRejection(table, rejection, account, protocol);
                case SmtpCommandException { StatusCode: 535 } smtp:
                    return ForSmtp535(table, smtp.ServerResponse ?? string.Empty, smtp, account);
            }
        }

        return FindIn(table, error.Message);
    }

    /// <summary>The hint whose error text appears in <paramref name="text"/> (a server reply or an error message), or null.</summary>
    public static Office365Hint? Match(string? text) => string.IsNullOrEmpty(text) ? null : FindIn(All, text);

    private static Office365Hint? ForRejection(IReadOnlyList<Office365Hint> table, MailAuthenticationException rejection, MailAccountOptions account, MailProtocol protocol)
    {
        var response = rejection.ServerResponse ?? string.Empty;
        if (response.Contains(NotConnected, StringComparison.OrdinalIgnoreCase))
        {
            return Find(table, NotConnected)! with { Fix = MailboxAccessHints.For(rejection, account) };
        }

        if (protocol == MailProtocol.Smtp || response.StartsWith("535", StringComparison.Ordinal))
        {
            return ForSmtp535(table, response, rejection, account);
        }

        // Office 365 answers a refused XOAUTH2 with "NO AUTHENTICATE failed."; other servers (Dovecot) with
        // "[AUTHENTICATIONFAILED] Authentication failed." — the same situation for an admin. POP3 says "-ERR Authentication failure".
        return Find(table, ImapAuthenticateFailed);
    }

    private static Office365Hint ForSmtp535(IReadOnlyList<Office365Hint> table, string response, MailException error, MailAccountOptions account)
    {
        if (response.Contains("5.7.139", StringComparison.Ordinal) || response.Contains("SmtpClientAuthentication", StringComparison.OrdinalIgnoreCase))
        {
            var fix = error is MailAuthenticationException rejection ? MailboxAccessHints.For(rejection, account) : Find(table, SmtpAuthDisabled)!.Fix;
            return Find(table, SmtpAuthDisabled)! with { Fix = fix };
        }

        return Find(table, SmtpAuthUnsuccessful)!;
    }

    private static Office365Hint? FindIn(IReadOnlyList<Office365Hint> table, string text)
    {
        // Most specific first: "535 5.7.139" before "535 5.7.3", "not connected" before "AUTHENTICATE failed".
        foreach (var key in new[] { NotConnected, SmtpAuthDisabled, SecretIdInsteadOfValue, SecretExpired, RefreshTokenExpired, ConsentMissing, SmtpAuthUnsuccessful, ImapAuthenticateFailed })
        {
            var needle = key == SmtpAuthDisabled ? "5.7.139" : key == SmtpAuthUnsuccessful ? "5.7.3 " : key;
            if (text.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return Find(table, key);
            }
        }

        return null;
    }

    private static Office365Hint? Find(IReadOnlyList<Office365Hint> table, string error)
    {
        foreach (var hint in table)
        {
            if (string.Equals(hint.Error, error, StringComparison.OrdinalIgnoreCase))
            {
                return hint;
            }
        }

        return null;
    }

    private static Office365Hint[] Build(MailAccountOptions? account)
    {
        var mailbox = account?.Mailbox is { Length: > 0 } m ? m : "<mailbox>";
        var name = account?.Name is { Length: > 0 } n ? n : "<account>";
        var clientId = account?.ClientId is { Length: > 0 } c ? c : "<client id>";
        var tenant = account?.TenantId is { Length: > 0 } t ? t : "<tenant id>";
        var appOnly = account?.AuthKind == AccountAuthKind.ClientCredentials;
        var imapPermission = account is null
            ? "IMAP.AccessAsUser.All (delegated) or IMAP.AccessAsApp (app-only)"
            : (account.Protocol == Configuration.MailProtocol.Pop3 ? "POP" : "IMAP") + (appOnly ? ".AccessAsApp" : ".AccessAsUser.All");
        var enabled = account?.Protocol == Configuration.MailProtocol.Pop3 ? "Pop" : "Imap";
        const string delegatedOwner = "that the signed-in user is the mailbox or has FullAccess on it";
        var smtpPermission = account is null ? "SMTP.Send (delegated) or SMTP.SendAsApp (app-only)" : appOnly ? "SMTP.SendAsApp" : "SMTP.Send";
        var appOnlySteps = $"register the app in Exchange Online (New-ServicePrincipal -AppId {clientId} -ObjectId <enterprise app object id>) and grant it the mailbox (Add-MailboxPermission -Identity {mailbox} -User <service principal id> -AccessRights FullAccess)";
        return
        [
            new(ImapAuthenticateFailed,
                $"The mail server refused the OAuth token for {mailbox}.",
                $"Check that the app registration has {imapPermission} with consent granted; that {enabled} is enabled for the mailbox " +
                $"(Set-CASMailbox -Identity {mailbox} -{enabled}Enabled $true); " +
                (account is null ? $"for app-only access, {appOnlySteps}; for delegated access, {delegatedOwner}."
                    : appOnly ? $"and {appOnlySteps}." : $"and {delegatedOwner}.")),
            new(NotConnected,
                $"The token was accepted, but its owner has no rights on {mailbox}.",
                appOnly || account is null
                    ? $"Grant the app's service principal the mailbox: Add-MailboxPermission -Identity {mailbox} -User <service principal id> -AccessRights FullAccess (and New-ServicePrincipal first if it is not registered in Exchange Online)."
                    : $"Sign in as {mailbox} itself, or give the signed-in user FullAccess on it (Add-MailboxPermission)."),
            new(SmtpAuthUnsuccessful,
                "The SMTP server refused the OAuth token (Authentication unsuccessful).",
                $"Check that the app has {smtpPermission} with consent granted, that the token's user (or the app, for app-only) may send as {mailbox}" +
                (appOnly || account is null ? $" ({appOnlySteps})" : string.Empty) +
                ", and that Security Defaults or a Conditional Access policy do not block SMTP AUTH for the tenant."),
            new(SmtpAuthDisabled,
                "SMTP AUTH is disabled for the mailbox or for the whole tenant (SmtpClientAuthentication is disabled).",
                $"Enable it for the mailbox with Set-CASMailbox -Identity {mailbox} -SmtpClientAuthenticationDisabled $false, or tenant-wide with Set-TransportConfig -SmtpClientAuthenticationDisabled $false."),
            new(SecretIdInsteadOfValue,
                "Entra ID refused the client secret: almost always the secret's ID was configured instead of its Value.",
                "In the Entra admin center open App registrations > the app > Certificates & secrets, create a new client secret and copy its Value " +
                $"(shown only once, right after creation; not the Secret ID), then put it in the environment variable named by Accounts:…:ClientSecretEnv for {name}."),
            new(SecretExpired,
                "The client secret has expired.",
                $"Create a new client secret on the app registration (Certificates & secrets), put its Value where ClientSecretEnv/ClientSecretFile point for {name}, and set ClientSecretExpiresOn so AckPoller warns before the next expiry."),
            new(RefreshTokenExpired,
                "The refresh token expired: it was not used for 90 days (the account was not polled, or AckPoller was stopped that long).",
                $"Sign in again: ackpoller auth login {name} (or the Sign in link on the status page). While AckPoller runs, its keep-alive refresh prevents this."),
            new(ConsentMissing,
                "Nobody has consented to the app's mail permissions in this tenant.",
                $"An admin grants consent (Entra admin center > App registrations > API permissions > Grant admin consent, or https://login.microsoftonline.com/{tenant}/adminconsent?client_id={clientId}), then sign in again."),
        ];
    }
}
