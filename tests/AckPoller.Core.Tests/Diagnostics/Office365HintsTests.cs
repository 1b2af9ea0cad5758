using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Diagnostics;
using AckPoller.Mail;
using AckPoller.Mail.Smtp;
using DiagnosticsProtocol = AckPoller.Core.Diagnostics.MailProtocol;

namespace AckPoller.Core.Tests.Diagnostics;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class Office365HintsTests
{
    private static readonly MailAccountOptions AppOnly = new()
    {
        Name = "alerts",
        Mailbox = "alerts@contoso.example",
        AuthKind = AccountAuthKind.ClientCredentials,
        ClientId = "11111111-2222-3333-4444-555555555555",
        TenantId = "contoso.onmicrosoft.com",
    };

    private static readonly MailAccountOptions Delegated = new() { Name = "oncall", Mailbox = "oncall@contoso.example", AuthKind = AccountAuthKind.DelegatedAuthorizationCode, TenantId = "t1", ClientId = "c1" };

    [Theory]
    [InlineData("AADSTS7000215", "Secret ID")]
    [InlineData("AADSTS7000222", "ClientSecretExpiresOn")]
    [InlineData("AADSTS700082", "ackpoller auth login alerts")]
    [InlineData("AADSTS65001", "https://login.microsoftonline.com/contoso.onmicrosoft.com/adminconsent?client_id=11111111-2222-3333-4444-555555555555")]
    public void Token_errors_are_known_by_their_aadsts_code(string code, string inFix)
    {
        var error = new AccountAuthException("alerts", AuthState.CredentialInvalid, code, "Entra said no");

        var hint = Office365Hints.For(error, AppOnly, DiagnosticsProtocol.Imap);

        Assert.Equal(code, hint?.Error);
        Assert.Contains(inFix, hint!.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticated_but_not_connected_gets_the_mailbox_permission_fix()
    {
        var refused = new MailAuthenticationException("refused", "NO User is authenticated but not connected.") { Mechanism = "XOAUTH2" };
        var error = new AccountAuthException("alerts", AuthState.MailboxAccessDenied, MailboxAccessHints.ErrorCode, "denied", refused);

        var hint = Office365Hints.For(error, AppOnly, DiagnosticsProtocol.Imap);

        Assert.Equal(Office365Hints.NotConnected, hint?.Error);
        Assert.Equal(MailboxAccessHints.For(refused, AppOnly), hint!.Fix);
        Assert.Contains("Add-MailboxPermission -Identity alerts@contoso.example", hint.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NO AUTHENTICATE failed.")]
    [InlineData("NO [AUTHENTICATIONFAILED] Authentication failed.")]
    public void Any_other_imap_refusal_is_authenticate_failed_with_the_permissions_for_the_account_kind(string response)
    {
        var refused = new MailAuthenticationException("refused", response);

        var appOnly = Office365Hints.For(refused, AppOnly, DiagnosticsProtocol.Imap);
        var delegated = Office365Hints.For(refused, Delegated, DiagnosticsProtocol.Imap);

        Assert.Equal(Office365Hints.ImapAuthenticateFailed, appOnly?.Error);
        Assert.Contains("IMAP.AccessAsApp", appOnly!.Fix, StringComparison.Ordinal);
        Assert.Contains("New-ServicePrincipal -AppId 11111111-2222-3333-4444-555555555555", appOnly.Fix, StringComparison.Ordinal);
        Assert.Contains("IMAP.AccessAsUser.All", delegated!.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("New-ServicePrincipal", delegated.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Smtp_auth_disabled_is_told_apart_from_an_unsuccessful_smtp_login()
    {
        var disabled = new MailAuthenticationException("refused", "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.");
        var unsuccessful = new MailAuthenticationException("refused", "535 5.7.3 Authentication unsuccessful [SN4PR0601CA0002.namprd06.prod.outlook.com]");
        var command = new SmtpCommandException("refused", 535, "5.7.3", "535 5.7.3 Authentication unsuccessful");

        var first = Office365Hints.For(disabled, AppOnly, DiagnosticsProtocol.Smtp);
        var second = Office365Hints.For(unsuccessful, AppOnly, DiagnosticsProtocol.Smtp);
        var third = Office365Hints.For(new InvalidOperationException("wrapped", command), Delegated, DiagnosticsProtocol.Smtp);

        Assert.Equal(Office365Hints.SmtpAuthDisabled, first?.Error);
        Assert.Contains("Set-CASMailbox -Identity alerts@contoso.example -SmtpClientAuthenticationDisabled $false", first!.Fix, StringComparison.Ordinal);
        Assert.Equal(Office365Hints.SmtpAuthUnsuccessful, second?.Error);
        Assert.Contains("SMTP.SendAsApp", second!.Fix, StringComparison.Ordinal);
        Assert.Equal(Office365Hints.SmtpAuthUnsuccessful, third?.Error);
        Assert.Contains("has SMTP.Send with", third!.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_errors_have_no_hint()
    {
        Assert.Null(Office365Hints.For(new AccountAuthException("alerts", null, "timeout", "slow"), AppOnly, DiagnosticsProtocol.Imap));
        Assert.Null(Office365Hints.For(new MailConnectionException("connection refused"), AppOnly, DiagnosticsProtocol.Imap));
        Assert.Null(Office365Hints.Match("all fine"));
    }

    [Theory]
    [InlineData("AADSTS7000215: Invalid client secret provided.", Office365Hints.SecretIdInsteadOfValue)]
    [InlineData("535 5.7.139 Authentication unsuccessful", Office365Hints.SmtpAuthDisabled)]
    [InlineData("535 5.7.3 Authentication unsuccessful", Office365Hints.SmtpAuthUnsuccessful)]
    [InlineData("A1 NO AUTHENTICATE failed.", Office365Hints.ImapAuthenticateFailed)]
    [InlineData("User is authenticated but not connected.", Office365Hints.NotConnected)]
    public void Match_finds_a_hint_in_free_text(string text, string error) => Assert.Equal(error, Office365Hints.Match(text)?.Error);

    [Fact]
    public void The_table_covers_the_eight_known_errors_with_placeholders()
    {
        Assert.Equal(8, Office365Hints.All.Select(h => h.Error).Distinct().Count());
        Assert.All(Office365Hints.All, h => Assert.False(string.IsNullOrWhiteSpace(h.Cause) || string.IsNullOrWhiteSpace(h.Fix)));
        Assert.Contains(Office365Hints.All, h => h.Fix.Contains("<mailbox>", StringComparison.Ordinal));
    }
}
