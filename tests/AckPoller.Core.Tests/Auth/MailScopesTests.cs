using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;

namespace AckPoller.Core.Tests.Auth;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class MailScopesTests
{
    [Fact]
    public void Delegated_imap_with_smtp_asks_for_outlook_scopes_only()
    {
        var scopes = MailScopes.For(new MailAccountOptions { Protocol = MailProtocol.Imap, SmtpServer = "smtp://smtp.office365.com:587" });

        Assert.Equal(["https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send", "offline_access"], scopes);
        Assert.DoesNotContain(scopes, s => s.Contains("graph", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Delegated_pop_without_smtp() =>
        Assert.Equal(["https://outlook.office.com/POP.AccessAsUser.All", "offline_access"],
            MailScopes.For(new MailAccountOptions { Protocol = MailProtocol.Pop3, AuthKind = AccountAuthKind.DelegatedDeviceCode }));

    [Fact]
    public void App_only_uses_the_default_scope_of_exchange_online() =>
        Assert.Equal(["https://outlook.office365.com/.default"], MailScopes.For(new MailAccountOptions { AuthKind = AccountAuthKind.ClientCredentials }));
}
