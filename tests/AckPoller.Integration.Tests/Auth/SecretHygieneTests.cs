using System.Text;
using AckPoller.Core.Configuration;

namespace AckPoller.Integration.Tests.Auth;

/// <summary>After sign-ins, refreshes, rotations and app-only tokens, neither the database files nor the logs contain
/// any token or secret in plaintext.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class SecretHygieneTests
{
    [Fact]
    public async Task The_database_file_and_captured_logs_contain_no_token_or_secret_in_plaintext()
    {
        await using var harness = await AuthHarness.StartAsync(accessTokenLifetimeSeconds: 120);
        var delegated = harness.Account(AccountAuthKind.DelegatedAuthorizationCode, MailProtocol.Imap);
        var device = harness.Account(AccountAuthKind.DelegatedDeviceCode, MailProtocol.Pop3);
        var appOnly = harness.Account(AccountAuthKind.ClientCredentials, MailProtocol.Imap);
        var authenticators = await harness.OpenAsync(delegated, device, appOnly);
        await harness.SignInWithAuthorizationCodeAsync(authenticators, delegated.Name);
        await harness.SignInWithDeviceCodeAsync(authenticators, device.Name);
        foreach (var authenticator in authenticators.All)
        {
            await authenticator.GetCredentialsAsync(forceRefresh: true, default);
            await harness.ConnectIncomingAsync(authenticator);
        }

        await harness.CloseAsync(authenticators);

        var secrets = new List<string> { harness.ClientSecret, Convert.ToBase64String(harness.Key) };
        foreach (var issuance in harness.Entra.Issuances)
        {
            secrets.Add(issuance.AccessToken);
            if (issuance.RefreshToken is not null)
            {
                secrets.Add(issuance.RefreshToken);
            }
        }

        Assert.True(secrets.Count > 8, "the scenario issued tokens");
        var files = Directory.GetFiles(harness.Folder, "ackpoller.db*");
        Assert.NotEmpty(files);
        var logs = harness.Logs.Text;
        Assert.NotEmpty(logs);
        foreach (var secret in secrets)
        {
            // The tail of a JWT is its signature, unique per token; refresh tokens and secrets are random throughout.
            var probe = secret.Length > 32 ? secret[^32..] : secret;
            foreach (var file in files)
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(probe)) < 0, $"{Path.GetFileName(file)} contains a secret in plaintext");
            }

            Assert.DoesNotContain(probe, logs, StringComparison.Ordinal);
        }
    }
}
