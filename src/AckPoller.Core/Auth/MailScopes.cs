using AckPoller.Core.Configuration;

namespace AckPoller.Core.Auth;

/// <summary>The scopes each account asks for. All are Exchange Online (outlook.office.com / outlook.office365.com)
/// scopes: Graph and Outlook scopes are never mixed in one request, because one token serves one resource.</summary>
public static class MailScopes
{
    public const string Imap = "https://outlook.office.com/IMAP.AccessAsUser.All";
    public const string Pop = "https://outlook.office.com/POP.AccessAsUser.All";
    public const string SmtpSend = "https://outlook.office.com/SMTP.Send";
    public const string OfflineAccess = "offline_access";

    /// <summary>App-only: covers IMAP.AccessAsApp, POP.AccessAsApp and SMTP.SendAsApp granted to the app.</summary>
    public const string AppOnly = "https://outlook.office365.com/.default";

    public static IReadOnlyList<string> For(MailAccountOptions account)
    {
        if (account.AuthKind == AccountAuthKind.ClientCredentials)
        {
            return [AppOnly];
        }

        var scopes = new List<string>(3) { account.Protocol == MailProtocol.Imap ? Imap : Pop };
        if (account.HasSmtp)
        {
            scopes.Add(SmtpSend);
        }

        scopes.Add(OfflineAccess);
        return scopes;
    }
}
