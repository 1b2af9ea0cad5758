using AckPoller.Core.Configuration;
using AckPoller.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AckPoller.Integration.Tests.Telemetry;

/// <summary>Telemetry:LogFormat picks the console formatter: "text" (the default, one line per entry) or "json" (one
/// JSON object per line with scopes); anything else is refused at start naming the key.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class LogFormatTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ackpoller-logformat-").FullName;
    private readonly string _password = "ACKPOLLER_LOGFORMAT_" + Guid.NewGuid().ToString("N");

    public LogFormatTests() => Environment.SetEnvironmentVariable(_password, "not-used");

    [Theory]
    [InlineData(null, ConsoleFormatterNames.Simple)]
    [InlineData("text", ConsoleFormatterNames.Simple)]
    [InlineData("json", ConsoleFormatterNames.Json)]
    public async Task The_configured_format_selects_the_console_formatter(string? format, string formatter)
    {
        var config = await WriteConfigAsync(format);
        using var host = AckPollerHostBuilder.Create(config).Build();
        var options = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(formatter, options.FormatterName);
        if (formatter == ConsoleFormatterNames.Json)
        {
            Assert.True(host.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
        }
    }

    [Fact]
    public async Task An_unknown_format_is_refused_naming_the_key()
    {
        var config = await WriteConfigAsync("xml");
        var error = Assert.Throws<ConfigurationException>(() => AckPollerHostBuilder.Create(config));
        Assert.Contains("Telemetry:LogFormat", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> WriteConfigAsync(string? format)
    {
        var config = Path.Combine(_folder, "appsettings.json");
        var telemetry = format is null ? string.Empty : "\"Telemetry\": { \"LogFormat\": \"" + format + "\" },";
        await File.WriteAllTextAsync(config, $$"""
            {
              "Storage": { "DatabasePath": "{{Path.Combine(_folder, "ackpoller.db")}}" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(_folder, "cache.key")}}" },
              {{telemetry}}
              "Accounts": [ {
                "Name": "oncall", "Mailbox": "alerts@northwind.example", "Protocol": "Imap",
                "IncomingServer": "imaps://127.0.0.1:1", "AuthKind": "Password", "PasswordEnv": "{{_password}}" } ]
            }
            """);
        return config;
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_password, null);
        Directory.Delete(_folder, recursive: true);
    }
}
