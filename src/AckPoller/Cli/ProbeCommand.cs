using System.CommandLine;
using System.Text.Json;
using AckPoller.Core.Diagnostics;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;

namespace AckPoller.Cli;

/// <summary>`ackpoller probe URL`: connect, show TLS and capabilities, authenticate, count INBOX or send a test message.</summary>
public static class ProbeCommand
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var url = new Argument<string>("url") { Description = "imap://host[:port] (STARTTLS), imaps://, pop3:// (STLS), pop3s://, smtp:// (STARTTLS) or smtps://" };
        var auth = new Option<string?>("--auth") { Description = "SASL mechanism: xoauth2, oauthbearer, plain or login (default: the best one the server offers)" };
        auth.AcceptOnlyFromAmong("xoauth2", "oauthbearer", "plain", "login");
        var user = new Option<string?>("--user") { Description = "The mailbox user name (for OAuth, the mailbox address)" };
        var tokenFile = new Option<FileInfo?>("--token-file") { Description = "A file holding the OAuth access token" };
        var tokenEnv = new Option<string?>("--token-env") { Description = "An environment variable holding the OAuth access token" };
        var passwordEnv = new Option<string?>("--password-env") { Description = "An environment variable holding the password" };
        var caFile = new Option<FileInfo?>("--ca-file") { Description = "A PEM file of extra CA certificates to trust" };
        var sendTo = new Option<string?>("--send-to") { Description = "SMTP only: send a small test message to this address" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var trace = new Option<bool>("--trace") { Description = "Print the protocol conversation to standard error (secrets redacted)" };

        var command = new Command("probe", "Connect to a mail server, show TLS and capabilities, authenticate, and count messages or send a test message. Exit codes: 0 ok, 2 authentication failed, 3 connection/TLS failed, 4 protocol error, 64 usage.")
        {
            url, auth, user, tokenFile, tokenEnv, passwordEnv, caFile, sendTo, json, trace,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var usage = BuildRequest(
                parseResult.GetValue(url)!,
                parseResult.GetValue(auth),
                parseResult.GetValue(user),
                parseResult.GetValue(tokenFile),
                parseResult.GetValue(tokenEnv),
                parseResult.GetValue(passwordEnv),
                parseResult.GetValue(caFile),
                parseResult.GetValue(sendTo),
                out var request);
            if (usage is not null)
            {
                await error.WriteLineAsync(usage);
                return ExitCodes.Usage;
            }

            var log = parseResult.GetValue(trace) ? new TextProtocolLog(error) : null;
            var report = await new MailProbe(log).RunAsync(request!, cancellationToken);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(report, JsonOptions));
            }
            else
            {
                await ProbeReportWriter.WriteAsync(report, output);
            }

            return ExitCodeFor(report);
        });
        return command;
    }

    internal static int ExitCodeFor(ProbeReport report) => ExitCodeFor(report.Error);

    /// <summary>The exit code of a probe failure, shared with `ackpoller test`.</summary>
    internal static int ExitCodeFor(ProbeError? error) => error?.Kind switch
    {
        null => ExitCodes.Ok,
        "authentication" => ExitCodes.AuthenticationFailed,
        "tls" or "connection" => ExitCodes.ConnectionFailed,
        _ => ExitCodes.ProtocolError,
    };

    private static string? BuildRequest(
        string url,
        string? mechanism,
        string? user,
        FileInfo? tokenFile,
        string? tokenEnv,
        string? passwordEnv,
        FileInfo? caFile,
        string? sendTo,
        out ProbeRequest? request)
    {
        request = null;
        if (!ProbeTarget.TryParse(url, out var target, out var urlError))
        {
            return urlError;
        }

        var secretSources = (tokenFile is null ? 0 : 1) + (tokenEnv is null ? 0 : 1) + (passwordEnv is null ? 0 : 1);
        if (secretSources > 1)
        {
            return "Give only one of --token-file, --token-env and --password-env.";
        }

        if (secretSources == 1 && string.IsNullOrEmpty(user))
        {
            return "--user is required with a token or password.";
        }

        if (sendTo is not null && target!.Protocol != MailProtocol.Smtp)
        {
            return "--send-to only applies to smtp:// and smtps://.";
        }

        if (caFile is { Exists: false })
        {
            return $"The CA file '{caFile.FullName}' does not exist.";
        }

        MailCredentials? credentials = null;
        if (tokenFile is not null)
        {
            if (!tokenFile.Exists)
            {
                return $"The token file '{tokenFile.FullName}' does not exist.";
            }

            var token = File.ReadAllText(tokenFile.FullName).Trim();
            if (token.Length == 0)
            {
                return $"The token file '{tokenFile.FullName}' is empty.";
            }

            credentials = MailCredentials.FromAccessToken(user!, token);
        }
        else if (tokenEnv is not null || passwordEnv is not null)
        {
            var variable = tokenEnv ?? passwordEnv!;
            var secret = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(secret))
            {
                return $"The environment variable {variable} is not set or empty.";
            }

            credentials = tokenEnv is not null ? MailCredentials.FromAccessToken(user!, secret.Trim()) : MailCredentials.FromPassword(user!, secret);
        }

        if (mechanism is not null && credentials is null)
        {
            return "--auth needs credentials: --token-file, --token-env or --password-env.";
        }

        request = new ProbeRequest(target!)
        {
            Credentials = credentials,
            Mechanism = mechanism?.ToUpperInvariant(),
            ExtraCaFile = caFile?.FullName,
            SendTo = sendTo,
        };
        return null;
    }
}
