using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Registration;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.TestSupport;

/// <summary>One test's world: the sandbox mail servers, an in-process Entra stand-in signing with the sandbox key,
/// one app registration (secret, certificate, public client flows), a fresh database and key, captured logs.
/// "Restarting the process" = building new <see cref="AccountAuthenticators"/> over the same files.</summary>
internal sealed class AuthHarness : IAsyncDisposable
{
    public const string SecretVariable = "ACKPOLLER_TEST_CLIENT_SECRET";
    public const string RedirectUri = "https://ackpoller.sandbox.test/oauth/callback";

    private readonly List<AccountAuthenticators> _opened = [];
    private readonly List<IAsyncDisposable> _stores = [];
    private readonly StandInMsalHttpClientFactory _http;
    private readonly HttpClient _browser;

    private AuthHarness(SandboxSettings settings, EntraStandInHost entra, string folder, string appMailbox, string certificateFile)
    {
        Settings = settings;
        Entra = entra;
        Folder = folder;
        AppMailbox = appMailbox;
        CertificateFile = certificateFile;
        _http = new StandInMsalHttpClientFactory(entra);
        _browser = new HttpClient(entra.CreateHttpMessageHandler());
        Loggers = LoggerFactory.Create(builder => builder.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
    }

    public SandboxSettings Settings { get; }

    public EntraStandInHost Entra { get; }

    public string Folder { get; }

    public string ClientId { get; } = Guid.NewGuid().ToString();

    public string ClientSecret { get; } = "s3cr3t~" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The mailbox the app's app-only tokens name (Exchange's mailbox permission, stood in).</summary>
    public string AppMailbox { get; }

    /// <summary>PEM (certificate + key) of the app's client certificate.</summary>
    public string CertificateFile { get; }

    public byte[] Key { get; set; } = RandomNumberGenerator.GetBytes(32);

    public string DatabasePath => Path.Combine(Folder, "ackpoller.db");

    public CapturingLoggerProvider Logs { get; } = new();

    public ILoggerFactory Loggers { get; }

    public OffsetTimeProvider Time { get; } = new();

    public static async Task<AuthHarness> StartAsync(int? accessTokenLifetimeSeconds = null, bool appHasMailbox = true)
    {
        var settings = SandboxSettings.Load();
        var folder = Path.Combine(Path.GetTempPath(), "ackpoller-auth-it", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var options = EntraStandInOptions.ForSandbox(settings);
        options.Url = "https://localhost:0";
        options.DeviceCodeInterval = TimeSpan.FromSeconds(1);
        var entra = await EntraStandInHost.StartAsync(options);

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=AckPoller integration test app", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(20));
        var certificateFile = Path.Combine(folder, "app.pem");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());

        var harness = new AuthHarness(settings, entra, folder, settings.NewAddress("app"), certificateFile);
        entra.Registry.AddApp(new AppRegistration
        {
            ClientId = harness.ClientId,
            Secrets = [new AppSecret { Value = harness.ClientSecret }],
            Certificates = [certificate.ExportCertificatePem()],
            RedirectUris = [RedirectUri],
            AllowPublicClient = true,
            AppMailbox = appHasMailbox ? harness.AppMailbox : null,
            AccessTokenLifetimeSeconds = accessTokenLifetimeSeconds,
        });
        return harness;
    }

    /// <summary>An account as an admin would configure it for Office 365: production authority, only the tenant differs.</summary>
    public MailAccountOptions Account(AccountAuthKind kind, MailProtocol protocol, string? mailbox = null, bool certificate = false, string? name = null)
    {
        var account = new MailAccountOptions
        {
            Name = name ?? $"{kind}-{protocol}".ToLowerInvariant(),
            Mailbox = mailbox ?? (kind == AccountAuthKind.ClientCredentials ? AppMailbox : Settings.NewAddress("oncall")),
            Protocol = protocol,
            IncomingServer = protocol == MailProtocol.Imap ? $"imaps://{Settings.Host}:{Settings.Ports.Imaps}" : $"pop3s://{Settings.Host}:{Settings.Ports.Pop3s}",
            SmtpServer = $"smtp://{Settings.Host}:{Settings.Ports.Submission}",
            AuthKind = kind,
            TenantId = Entra.TenantId,
            ClientId = ClientId,
        };
        if (kind == AccountAuthKind.DelegatedAuthorizationCode)
        {
            account.RedirectUri = RedirectUri;
        }

        if (kind is AccountAuthKind.DelegatedAuthorizationCode or AccountAuthKind.ClientCredentials)
        {
            if (certificate)
            {
                account.CertificateFile = CertificateFile;
            }
            else
            {
                account.ClientSecretEnv = SecretVariable;
            }
        }

        return account;
    }

    /// <summary>Opens the store and the authenticators, like a process starting.</summary>
    public async Task<AccountAuthenticators> OpenAsync(params MailAccountOptions[] accounts) => await OpenAsync(ClientSecret, accounts);

    public async Task<AccountAuthenticators> OpenAsync(string clientSecret, params MailAccountOptions[] accounts)
    {
        var options = new AckPollerOptions { Storage = new StorageOptions { DatabasePath = DatabasePath } };
        options.Auth.TransientRetries = 4;
        foreach (var account in accounts)
        {
            options.Accounts.Add(account);
        }

        var store = await SqliteStore.OpenAsync(options.Storage, Time, Loggers, default);
        var authenticators = new AccountAuthenticators(options, store.AuthStates, store.TokenCaches, _http, Key, Time, Loggers,
            new SecretResolver(name => name == SecretVariable ? clientSecret : null), retryBaseDelay: TimeSpan.FromMilliseconds(100));
        _opened.Add(authenticators);
        return authenticators;
    }

    /// <summary>Opens a "node" on a PostgreSQL database: its own store (connection pool), authenticators and MSAL
    /// applications; several such nodes over one database share the auth state and token caches as cluster nodes do.</summary>
    public async Task<AccountAuthenticators> OpenPostgreSqlAsync(string connectionString, params MailAccountOptions[] accounts)
    {
        var options = new AckPollerOptions { Storage = new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connectionString } };
        options.Auth.TransientRetries = 4;
        foreach (var account in accounts)
        {
            options.Accounts.Add(account);
        }

        var store = await PostgreSqlStore.OpenAsync(connectionString, Time, Loggers, default);
        _stores.Add(store);
        var authenticators = new AccountAuthenticators(options, store.AuthStates, store.TokenCaches, _http, Key, Time, Loggers,
            new SecretResolver(name => name == SecretVariable ? ClientSecret : null), retryBaseDelay: TimeSpan.FromMilliseconds(100));
        _opened.Add(authenticators);
        return authenticators;
    }

    /// <summary>Ends a "process": authenticators disposed, pooled connections closed.</summary>
    public async Task CloseAsync(AccountAuthenticators authenticators)
    {
        _opened.Remove(authenticators);
        await authenticators.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>What a person does with the authorization URL: the stand-in's sign-in page (auto-approved for the hinted
    /// user), then the redirect's query handed to the callback handler.</summary>
    public async Task<AuthorizationCallbackResult> CompleteBrowserSignInAsync(AccountAuthenticators authenticators, SignInChallenge challenge)
    {
        var url = challenge.AuthorizationUrl!.AbsoluteUri + "&sandbox_auto_approve=true";
        using var response = await _browser.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect || response.StatusCode == HttpStatusCode.Found, $"authorize answered {(int)response.StatusCode}");
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri, location.AbsoluteUri, StringComparison.Ordinal);
        var handler = new AuthorizationCallbackHandler(authenticators, NullLogger<AuthorizationCallbackHandler>.Instance);
        return await handler.HandleAsync(AuthorizationCallback.FromQuery(location.Query), default);
    }

    public async Task SignInWithAuthorizationCodeAsync(AccountAuthenticators authenticators, string account)
    {
        var challenge = await authenticators.Get(account).BeginAuthorizationCodeSignInAsync(default);
        var result = await CompleteBrowserSignInAsync(authenticators, challenge);
        Assert.True(result.Succeeded, result.Message);
    }

    public async Task SignInWithDeviceCodeAsync(AccountAuthenticators authenticators, string account)
    {
        var authenticator = authenticators.Get(account);
        var signIn = await authenticator.BeginDeviceCodeSignInAsync(default);
        Assert.True(Entra.ApproveDeviceCode(signIn.Challenge.UserCode!, authenticator.Options.Mailbox));
        await signIn.Completion.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Logs in to the account's incoming server (IMAP or POP3) with its credentials through the retry helper.</summary>
    public async Task<string> ConnectIncomingAsync(AccountAuthenticator account)
    {
        var session = new AuthenticatedMailSession(account, Loggers.CreateLogger("test"));
        var endpoint = new Uri(account.Options.IncomingServer);
        var connection = new MailConnectionOptions { Tls = new TlsOptions { ExtraCaFile = Settings.CaFile } };
        if (account.Options.Protocol == MailProtocol.Imap)
        {
            return await session.RunAsync(async (credentials, ct) =>
            {
                await using var client = new ImapClient(connection);
                await client.ConnectAsync(new MailEndpoint(endpoint.Host, endpoint.Port, TlsMode.Implicit), ct);
                await client.AuthenticateAsync(credentials, Mechanism(credentials), ct);
                var inbox = await client.SelectAsync("INBOX", ct);
                await client.LogoutAsync(ct);
                return $"IMAP INBOX {inbox.Exists}";
            }, default);
        }

        return await session.RunAsync(async (credentials, ct) =>
        {
            await using var client = new Pop3Client(connection);
            await client.ConnectAsync(new MailEndpoint(endpoint.Host, endpoint.Port, TlsMode.Implicit), ct);
            await client.AuthenticateAsync(credentials, Mechanism(credentials), ct);
            var stat = await client.StatAsync(ct);
            await client.QuitAsync(ct);
            return $"POP3 {stat.Count}";
        }, default);
    }

    /// <summary>Authenticates to Postfix submission (STARTTLS) with the account's credentials, and sends one message to itself.</summary>
    public async Task SendThroughSmtpAsync(AccountAuthenticator account)
    {
        var session = new AuthenticatedMailSession(account, Loggers.CreateLogger("test"));
        var endpoint = new Uri(account.Options.SmtpServer!);
        await session.RunAsync(async (credentials, ct) =>
        {
            await using var client = new SmtpClient(new MailConnectionOptions { Tls = new TlsOptions { ExtraCaFile = Settings.CaFile } }) { LocalDomain = "ackpoller.sandbox.test" };
            await client.ConnectAsync(new MailEndpoint(endpoint.Host, endpoint.Port, TlsMode.StartTls), ct);
            await client.AuthenticateAsync(credentials, Mechanism(credentials), ct);
            var mailbox = account.Options.Mailbox;
            await client.SendAsync(mailbox, [mailbox], SandboxMail.SimpleMessage(mailbox, mailbox, "auth test", "sent with an OAuth token"), ct);
            return true;
        }, default);
    }

    private static string Mechanism(MailCredentials credentials) => credentials.Kind == CredentialKind.Password ? "PLAIN" : "XOAUTH2";

    public async ValueTask DisposeAsync()
    {
        foreach (var authenticators in _opened.ToArray())
        {
            await authenticators.DisposeAsync();
        }

        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _http.Dispose();
        _browser.Dispose();
        Loggers.Dispose();
        await Entra.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
