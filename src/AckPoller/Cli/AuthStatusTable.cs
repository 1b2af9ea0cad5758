using System.Globalization;
using AckPoller.Core.Auth;

namespace AckPoller.Cli;

/// <summary>The table `auth status` prints: one line per account, then what to do for each account that needs it.</summary>
internal static class AuthStatusTable
{
    public static void Write(TextWriter output, IReadOnlyList<(AccountAuthenticator Account, AccountAuthStatus Status)> rows, IReadOnlyList<CredentialExpiryWarning> warnings)
    {
        var header = new[] { "ACCOUNT", "MAILBOX", "AUTH KIND", "STATE", "SINCE (UTC)", "LAST REFRESH (UTC)" };
        var lines = rows.Select(r => new[]
        {
            r.Account.Name,
            r.Account.Options.Mailbox,
            r.Account.Options.AuthKind.ToString(),
            r.Status.State.ToString(),
            r.Status.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            r.Status.LastRefreshAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, lines.Count == 0 ? 0 : lines.Max(l => l[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var line in lines)
        {
            output.WriteLine(string.Join("  ", line.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }

        foreach (var (account, status) in rows)
        {
            if (status.State == AuthState.Authorized)
            {
                continue;
            }

            output.WriteLine();
            output.WriteLine($"{account.Name}: {status.State}{(status.ErrorCode is null ? string.Empty : $" ({status.ErrorCode})")}");
            if (status.Reason is not null)
            {
                output.WriteLine($"  {status.Reason}");
            }

            if (status.Challenge is { } challenge)
            {
                output.WriteLine($"  To sign in: {challenge}{(challenge.ExpiresAt is { } e ? $" (until {e.UtcDateTime:yyyy-MM-dd HH:mm} UTC)" : string.Empty)}");
            }
            else if (status.State is AuthState.ReauthRequired or AuthState.Unconfigured)
            {
                output.WriteLine($"  To sign in: ackpoller auth login {account.Name}");
            }
        }

        foreach (var warning in warnings)
        {
            output.WriteLine();
            output.WriteLine("Warning: " + warning.Message);
        }
    }
}
