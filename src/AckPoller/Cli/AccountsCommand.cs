using System.CommandLine;
using System.Text.Json;
using AckPoller.Core.Accounts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AckPoller.Cli;

/// <summary>`ackpoller accounts [--json]`: each account's auth state (since when, why, the sign-in to do), last poll,
/// last error, pending outbox and IMAP IDLE, from the store (so it shows what a running worker recorded). Exit 0.</summary>
internal static class AccountsCommand
{
    public static Command Create(Action<IServiceCollection>? services)
    {
        var json = new Option<bool>("--json") { Description = "Print an array of accounts as JSON (the HTTP API's shape)." };
        var config = CommandHost.ConfigOption();
        var command = new Command("accounts", "Show each mail account: sign-in state, last poll, last error, mail waiting in the outbox, IMAP IDLE.") { json, config };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, error) =>
        {
            var accounts = await host.Services.GetRequiredService<AccountStatusService>().GetAllAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(accounts, ReportJson.Indented));
                return ExitCodes.Ok;
            }

            CliConsole.For(output).Write(Build(accounts));
            foreach (var account in accounts.Where(a => a.NeedsAttention || a.Activity?.LastError is not null))
            {
                await DetailsAsync(output, account);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Table Build(IEnumerable<AccountStatus> accounts)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in new[] { "ACCOUNT", "MAILBOX", "PROTOCOL", "AUTH", "STATE", "SINCE (UTC)", "LAST POLL (UTC)", "LAST ERROR", "OUTBOX", "IDLE" })
        {
            table.AddColumn(new TableColumn(header));
        }

        foreach (var a in accounts)
        {
            table.AddRow(
                CliConsole.Cell(a.Name),
                CliConsole.Cell(a.Mailbox),
                new Text(Names.Of(a.Protocol)),
                new Text(Names.Of(a.AuthKind)),
                // A password or access-token account has no state until its credential is read or refused.
                new Text(a.AuthKind is AccountAuthKind.Password or AccountAuthKind.AccessToken && a.AuthState == AuthState.Unconfigured ? "-" : Names.Of(a.AuthState), a.NeedsAttention ? new Style(Color.Red) : a.AuthState == AuthState.Authorized ? new Style(Color.Green) : Style.Plain),
                new Text(Format.Time(a.AuthSince)),
                CliConsole.Cell(LastPoll(a)),
                CliConsole.Cell(a.Activity?.LastError is { } e ? $"{Format.Time(a.Activity.LastErrorAt)} {Shorten(e, 60)}" : null),
                new Text(a.PendingOutbox.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(Idle(a)));
        }

        return table;
    }

    internal static string Idle(AccountStatus account) =>
        !account.IdleEnabled ? "off" : account.Activity?.IdleConnected == true ? "connected" : "on";

    private static string? LastPoll(AccountStatus account) => account.Activity?.LastPollAt is { } at
        ? Format.Time(at) + (account.Activity.LastPollSucceeded == false ? " (failed)" : string.Empty)
        : "never";

    /// <summary>Written straight to the output (not through the console) so a long sign-in URL is never wrapped.</summary>
    private static async Task DetailsAsync(TextWriter output, AccountStatus account)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync(CliConsole.Clean($"{account.Name}: {Names.Of(account.AuthState)} since {Format.Time(account.AuthSince)} UTC" + (account.AuthErrorCode is null ? string.Empty : $" ({account.AuthErrorCode})")));
        if (account.AuthReason is { } reason)
        {
            await output.WriteLineAsync("  " + CliConsole.Clean(reason));
        }

        if (account.SignIn is { } challenge)
        {
            await output.WriteLineAsync("  To sign in: " + CliConsole.Clean(challenge.ToString()) + (challenge.ExpiresAt is { } until ? $" (until {Format.Time(until)} UTC)" : string.Empty));
        }
        else if (account.NeedsAttention && account.AuthState is AuthState.ReauthRequired or AuthState.Unconfigured)
        {
            await output.WriteLineAsync($"  To sign in: ackpoller auth login {account.Name}");
        }

        if (account.Activity?.LastError is { } error)
        {
            await output.WriteLineAsync($"  Last error ({Format.Time(account.Activity.LastErrorAt)} UTC): {CliConsole.Clean(error)}");
        }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
