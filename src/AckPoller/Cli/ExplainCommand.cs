using System.CommandLine;
using System.Data.Common;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
using AckPoller.Core.Storage;
using AckPoller.Hosting;
using AckPoller.Mail.Mime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AckPoller.Cli;

/// <summary>`ackpoller explain &lt;file.eml&gt; [--json] [--config F]`: how a saved reply would be handled, changing nothing.
/// Without --config only the message is read; with it the configured database (opened as it is: never created or
/// migrated) supplies the alert and the sender's authorization. Exit codes: 0 explained, 1 the file (or database) could
/// not be read or the message could not be decoded (the report is still printed, marked unreadable; the error names the
/// reason, never a stack trace), 3 invalid configuration, 64 usage errors.</summary>
public static class ExplainCommand
{
    /// <summary>Builds the analyzer from the Replies options, the alert directory (null without a database) and our
    /// Message-ID domain. Tests replace it to inject failures.</summary>
    internal delegate IReplyAnalyzer AnalyzerFactory(RepliesOptions options, IAlertDirectory? directory, string? messageIdDomain);

    public static Command Create() => Create(null);

    /// <param name="analyzers">Replaces the analyzer (tests inject failures).</param>
    /// <param name="parse">Replaces the MIME parser (tests inject a parser that throws).</param>
    internal static Command Create(AnalyzerFactory? analyzers, Func<byte[], MimeMessage>? parse = null)
    {
        var parser = parse ?? (bytes => MimeParser.Parse(bytes));
        var factory = analyzers ?? ((options, directory, domain) => new ReplyAnalyzer(options, directory, domain));
        var file = new Argument<FileInfo>("file") { Description = "The saved reply (.eml, RFC 5322 as received)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var config = new Option<string?>("--config") { Description = "Configuration file whose database and Replies settings are used." };
        var command = new Command("explain", "Show how a saved reply would be handled (auto-reply?, which alert, new text, command, authorization) without changing anything.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(config);
        command.SetAction((parse, cancellationToken) => RunAsync(
            factory, parser, parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(config), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(AnalyzerFactory analyzers, Func<byte[], MimeMessage> parser, FileInfo file, bool json, string? configFile, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            message = await ReadAsync(file, parser, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or MimeMessageTooLargeException)
        {
            await error.WriteLineAsync($"explain: cannot read {file.FullName}: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            await error.WriteLineAsync($"explain: cannot read {file.FullName}: the message could not be parsed ({ex.GetType().Name}: {ex.Message})");
            return ExitCodes.Failure;
        }

        ExplainReport report;
        try
        {
            report = configFile is null
                ? await ExplainWithoutConfigurationAsync(analyzers, message, cancellationToken)
                : await ExplainWithConfigurationAsync(analyzers, message, configFile, cancellationToken);
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return RunCommand.ExitBadConfiguration;
        }
        catch (Exception ex) when (ex is DbException or StoreException)
        {
            await error.WriteLineAsync($"explain: the database could not be read: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            // The analyzer turns decoding failures into an unreadable analysis; this is the last line for anything else.
            await error.WriteLineAsync($"explain: {file.FullName} could not be explained ({ex.GetType().Name}: {ex.Message})");
            return ExitCodes.Failure;
        }

        await output.WriteAsync(json ? ExplainJsonWriter.Write(report) + Environment.NewLine : ExplainTextWriter.Write(report));
        if (report.Analysis.Unreadable is { } unreadable)
        {
            await error.WriteLineAsync($"explain: {file.FullName} is unreadable: the message could not be decoded ({unreadable})");
            return ExitCodes.Failure;
        }

        return ExitCodes.Ok;
    }

    private static bool IsCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private static async Task<MimeMessage> ReadAsync(FileInfo file, Func<byte[], MimeMessage> parser, CancellationToken cancellationToken)
    {
        if (file.Exists && file.Length > MimeParserOptions.Default.MaxMessageSize)
        {
            throw new MimeMessageTooLargeException(MimeParserOptions.Default.MaxMessageSize);
        }

        var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        return parser(bytes);
    }

    private static async Task<ExplainReport> ExplainWithoutConfigurationAsync(AnalyzerFactory analyzers, MimeMessage message, CancellationToken cancellationToken)
    {
        var analysis = await analyzers(new RepliesOptions(), null, null).AnalyzeAsync(message, cancellationToken);
        return new ExplainReport(analysis, null, DatabaseUsed: false, DatabaseNote: null, new AlertsOptions().DefaultAction);
    }

    private static async Task<ExplainReport> ExplainWithConfigurationAsync(AnalyzerFactory analyzers, MimeMessage message, string configFile, CancellationToken cancellationToken)
    {
        // Built but never started: the store initializer (migrations) does not run, so nothing is created or changed.
        using var host = AckPollerHostBuilder.CreateOneShot(configFile, minimumLogLevel: LogLevel.Error).Build();
        var options = host.Services.GetRequiredService<AckPollerOptions>();
        var domain = ExplainIdentity.MessageIdDomain(options);
        var databasePath = Path.GetFullPath(options.Storage.DatabasePath);
        if (options.Storage.Provider == StorageProvider.Sqlite && !File.Exists(databasePath))
        {
            var analysis = await analyzers(options.Replies, null, domain).AnalyzeAsync(message, cancellationToken);
            return new ExplainReport(analysis, null, DatabaseUsed: false, $"{databasePath} does not exist; the alert and the sender were not checked", options.Alerts.DefaultAction);
        }

        var directory = host.Services.GetRequiredService<IAlertDirectory>();
        var withAlert = await analyzers(options.Replies, directory, domain).AnalyzeAsync(message, cancellationToken);
        var policy = new SenderPolicy(options.Replies, host.Services.GetService<IRejectionHistory>(), host.Services.GetService<TimeProvider>());
        var decision = await policy.DecideAsync(withAlert, message, cancellationToken);
        var now = (host.Services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        return new ExplainReport(withAlert, decision, DatabaseUsed: true, DatabaseNote: null, options.Alerts.DefaultAction)
        {
            Verdict = AckVerdict.Predict(withAlert, decision, options.Alerts, now),
        };
    }
}
