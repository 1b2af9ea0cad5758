using System.Collections.Concurrent;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Notifications;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Tests.Jobs;

/// <summary>A poller that records concurrency per account and lets a test hold or fail an account's polls.</summary>
internal sealed class FakeAccountPoller : IAccountPoller
{
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, int> MaxConcurrent { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When set for an account, its polls wait for this task (a hung server).</summary>
    public ConcurrentDictionary<string, Task> Holds { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When set for an account, its polls throw this.</summary>
    public ConcurrentDictionary<string, Func<Exception>> Failures { get; } = new(StringComparer.OrdinalIgnoreCase);

    public event Action<string>? Polled;

    public async Task<PollResult> PollAsync(string account, CancellationToken cancellationToken)
    {
        var running = _running.AddOrUpdate(account, 1, (_, n) => n + 1);
        MaxConcurrent.AddOrUpdate(account, running, (_, n) => Math.Max(n, running));
        Calls.AddOrUpdate(account, 1, (_, n) => n + 1);
        try
        {
            await Task.Yield();
            if (Holds.TryGetValue(account, out var hold))
            {
                await hold.WaitAsync(cancellationToken);
            }

            if (Failures.TryGetValue(account, out var failure))
            {
                throw failure();
            }

            return new PollResult(account, 0, 0, 0, 0, 0);
        }
        finally
        {
            _running.AddOrUpdate(account, 0, (_, n) => n - 1);
            Polled?.Invoke(account);
        }
    }

    public int CallsFor(string account) => Calls.TryGetValue(account, out var n) ? n : 0;
}

internal sealed class InMemoryAuthStateStore : IAuthStateStore
{
    private readonly ConcurrentDictionary<string, AccountAuthStatus> _states = new(StringComparer.OrdinalIgnoreCase);

    public Task<AccountAuthStatus?> GetAsync(string account, CancellationToken cancellationToken) =>
        Task.FromResult(_states.TryGetValue(account, out var s) ? s : null);

    public Task<IReadOnlyList<AccountAuthStatus>> GetAllAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AccountAuthStatus>>([.. _states.Values]);

    public Task SaveAsync(AccountAuthStatus status, CancellationToken cancellationToken)
    {
        _states[status.Account] = status;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string account, CancellationToken cancellationToken)
    {
        _states.TryRemove(account, out _);
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryNotificationLog : INotificationLog
{
    private readonly ConcurrentDictionary<(string, string), NotificationRecord> _records = new();

    public Task<NotificationRecord?> GetAsync(string account, string topic, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue((account, topic), out var r) ? r : null);

    public Task SaveAsync(NotificationRecord record, CancellationToken cancellationToken)
    {
        _records[(record.Account, record.Topic)] = record;
        return Task.CompletedTask;
    }
}

internal sealed class RecordingChannel : IAdminNotificationChannel
{
    public ConcurrentQueue<(IReadOnlyList<string> To, AdminMessage Message)> Sent { get; } = new();

    public Task SendAsync(IReadOnlyList<string> recipients, AdminMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue((recipients, message));
        return Task.CompletedTask;
    }
}

/// <summary>Keeps every log line, for asserting what was logged and how often.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

    /// <summary>The exception objects logged (a stack trace in the real log).</summary>
    public ConcurrentQueue<Exception> Exceptions { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public int Count(LogLevel level, string contains) =>
        Entries.Count(e => e.Level == level && e.Message.Contains(contains, StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner.Entries.Enqueue((logLevel, category, formatter(state, exception)));
            if (exception is not null)
            {
                owner.Exceptions.Enqueue(exception);
            }
        }
    }
}

internal static class JobsTestOptions
{
    public static AckPollerOptions With(params string[] accounts)
    {
        var options = new AckPollerOptions();
        var port = 10993;
        foreach (var name in accounts)
        {
            // One server per account, so circuits are per account too.
            options.Accounts.Add(new MailAccountOptions
            {
                Name = name,
                Mailbox = $"{name}@example.test",
                IncomingServer = $"imaps://imap-{name}.example.test:{port++}",
                AuthKind = AccountAuthKind.Password,
            });
        }

        options.Notifications.AdminAddresses.Add("admin@example.test");
        options.Notifications.SmtpServer = "smtp://smtp.example.test";
        return options;
    }

    public static async Task EventuallyAsync(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(5);
        }
    }
}
