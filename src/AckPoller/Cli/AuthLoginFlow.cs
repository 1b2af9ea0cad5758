using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AckPoller.Cli;

/// <summary>What `auth login` does for each kind of account.</summary>
internal static class AuthLoginFlow
{
    private static readonly TimeSpan StorePollInterval = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(IHost host, AccountAuthenticator account, bool useDeviceCode, TextWriter output, CancellationToken cancellationToken)
    {
        var kind = account.Options.AuthKind;
        if (kind is AccountAuthKind.ClientCredentials or AccountAuthKind.Password or AccountAuthKind.AccessToken)
        {
            // Nobody signs in: check that credentials can be had now.
            await account.GetCredentialsAsync(forceRefresh: true, cancellationToken);
            await output.WriteLineAsync(kind switch
            {
                AccountAuthKind.Password => $"{account.Name}: uses a password from the environment; nothing to sign in.",
                AccountAuthKind.AccessToken => $"{account.Name}: uses an access token read from {account.Options.AccessTokenSource}; nothing to sign in.",
                _ => $"{account.Name}: app-only token obtained; nothing to sign in.",
            });
            return AuthCommand.ExitOk;
        }

        if (useDeviceCode || kind == AccountAuthKind.DelegatedDeviceCode)
        {
            var signIn = await account.BeginDeviceCodeSignInAsync(cancellationToken);
            await output.WriteLineAsync($"To sign in {account.Name} ({account.Options.Mailbox}), open {signIn.Challenge.VerificationUrl} and enter the code {signIn.Challenge.UserCode}");
            if (signIn.Challenge.ExpiresAt is { } expires)
            {
                await output.WriteLineAsync($"The code is valid until {expires.UtcDateTime:yyyy-MM-dd HH:mm} UTC. Waiting…");
            }

            await signIn.Completion.WaitAsync(cancellationToken);
            await output.WriteLineAsync($"{account.Name}: signed in.");
            return AuthCommand.ExitOk;
        }

        var redirect = Uri.TryCreate(account.Options.RedirectUri, UriKind.Absolute, out var uri) ? uri : null;
        using var listener = AuthLoopbackListener.CanServe(redirect) ? AuthLoopbackListener.TryStart(redirect!) : null;
        if (listener is not null)
        {
            var challenge = await account.BeginAuthorizationCodeSignInAsync(cancellationToken);
            await output.WriteLineAsync($"To sign in {account.Name} ({account.Options.Mailbox}), open this URL in a browser on this machine:");
            await output.WriteLineAsync(challenge.AuthorizationUrl!.AbsoluteUri);
            await output.WriteLineAsync($"Waiting for the redirect to {redirect}…");
            var result = await listener.WaitAsync(host.Services.GetRequiredService<AuthorizationCallbackHandler>(), cancellationToken);
            await output.WriteLineAsync(result.Message);
            return result.Succeeded ? AuthCommand.ExitOk : AuthCommand.ExitFailed;
        }

        var started = await account.BeginAuthorizationCodeSignInAsync(cancellationToken);
        await output.WriteLineAsync($"To sign in {account.Name} ({account.Options.Mailbox}), open this URL in a browser:");
        await output.WriteLineAsync(started.AuthorizationUrl!.AbsoluteUri);
        await output.WriteLineAsync($"The sign-in completes at {redirect} (AckPoller's web endpoint, which must be running). " +
            "If no browser can reach it, stop this and use --device-code instead. Waiting…");
        while (true)
        {
            await Task.Delay(StorePollInterval, cancellationToken);
            var status = await account.GetStatusAsync(cancellationToken);
            if (status.Pending is null && status.State == AuthState.Authorized)
            {
                await output.WriteLineAsync($"{account.Name}: signed in.");
                return AuthCommand.ExitOk;
            }
        }
    }
}
