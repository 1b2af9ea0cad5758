using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace AckPoller.Hosting;

/// <summary>The services of a one-shot command (`acks`, `alerts`, `auth status`, `explain`, …) without the Generic Host:
/// the same configuration, logging, metrics and core registrations as <see cref="AckPollerHostBuilder.Create"/> (it is
/// handed to the same <see cref="AckPollerHostBuilder.Configure"/>), built into a plain service provider.
/// Why: a command that reads the store and exits never starts hosted services, so the host's own machinery (its
/// lifetime, console lifetime, host options, the diagnostic listener, the host object and its logger) is pure start-up
/// cost, measured at about a quarter of what `ackpoller acks` spends before it reads the store (README, Budgets).
/// `ackpoller run` keeps the real host.</summary>
internal sealed class OneShotHostBuilder : IHostApplicationBuilder
{
    private readonly ServiceCollection _services = new();
    private readonly IConfigurationManager _configuration = new ConfigurationManager(); // disposed with the host it builds
    private readonly ILoggingBuilder _logging;
    private readonly IMetricsBuilder _metrics;

    public OneShotHostBuilder()
    {
        ILoggingBuilder? logging = null;
        IMetricsBuilder? metrics = null;
        _services.AddSingleton<IConfiguration>(_configuration);
        _services.AddSingleton(Environment);
        _services.AddLogging(builder => logging = builder);
        _services.AddMetrics(builder => metrics = builder);
        _logging = logging!;
        _metrics = metrics!;
    }

    public IDictionary<object, object> Properties { get; } = new Dictionary<object, object>();

    public IConfigurationManager Configuration => _configuration;

    public IHostEnvironment Environment { get; } = new HostingEnvironment
    {
        EnvironmentName = Environments.Production,
        ApplicationName = "ackpoller",
        ContentRootPath = Directory.GetCurrentDirectory(),
        ContentRootFileProvider = new NullFileProvider(),
    };

    public ILoggingBuilder Logging => _logging;

    public IMetricsBuilder Metrics => _metrics;

    public IServiceCollection Services => _services;

    public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
        where TContainerBuilder : notnull =>
        throw new NotSupportedException("One-shot commands use the default service provider.");

    /// <summary>The provider, behind <see cref="IHost"/> so commands and tests treat it like the host they had; starting
    /// or stopping it does nothing (it has nothing to run), disposing it disposes the services.</summary>
    public IHost Build() => new OneShotHost(_services.BuildServiceProvider(), (IDisposable)_configuration);

    private sealed class OneShotHost(ServiceProvider services, IDisposable configuration) : IHost, IAsyncDisposable
    {
        public IServiceProvider Services => services;

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        // Some services are only IAsyncDisposable (the authenticators): like the Generic Host, a synchronous dispose
        // waits for the asynchronous one.
        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

        public async ValueTask DisposeAsync()
        {
            await services.DisposeAsync();
            configuration.Dispose();
        }
    }
}
