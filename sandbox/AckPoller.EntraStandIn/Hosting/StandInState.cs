using System.Collections.Concurrent;
using AckPoller.EntraStandIn.Faults;
using AckPoller.EntraStandIn.Grants;
using AckPoller.EntraStandIn.Registration;
using AckPoller.EntraStandIn.Tokens;

namespace AckPoller.EntraStandIn.Hosting;

/// <summary>Everything one stand-in instance knows: settings, directory, faults, outstanding grants, issued tokens.</summary>
public sealed class StandInState
{
    private const int IssuanceLogLimit = 2000;
    private readonly ConcurrentQueue<TokenIssuance> _issuances = new();
    private readonly ConcurrentQueue<string> _requests = new();

    public StandInState(EntraStandInOptions options)
    {
        Options = options;
        Time = options.Time;
        Registry = new Registry();
        foreach (var app in options.Apps)
        {
            Registry.AddApp(app);
        }

        foreach (var user in options.Users)
        {
            Registry.SetUser(user);
        }

        Faults = new FaultSwitchboard();
        Codes = new AuthorizationCodeStore(Time);
        RefreshTokens = new RefreshTokenStore(Time, options.RefreshTokenMaxInactive);
        DeviceCodes = new DeviceCodeStore(Time);
        Issuer = new TokenIssuer(options.Signing, options.TenantId, Time);
    }

    public EntraStandInOptions Options { get; }

    public TimeProvider Time { get; }

    public Registry Registry { get; }

    public FaultSwitchboard Faults { get; }

    public AuthorizationCodeStore Codes { get; }

    public RefreshTokenStore RefreshTokens { get; }

    public DeviceCodeStore DeviceCodes { get; }

    public TokenIssuer Issuer { get; }

    public IReadOnlyList<TokenIssuance> Issuances => _issuances.ToArray();

    /// <summary>"METHOD /path" of every request so far (newest last), to see what a client asked.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    public void RecordRequest(string request)
    {
        _requests.Enqueue(request);
        while (_requests.Count > IssuanceLogLimit && _requests.TryDequeue(out _))
        {
        }
    }

    public void Record(TokenIssuance issuance)
    {
        _issuances.Enqueue(issuance);
        while (_issuances.Count > IssuanceLogLimit && _issuances.TryDequeue(out _))
        {
        }
    }

    /// <summary>common, organizations, the tenant id and the user domain all name the one sandbox tenant.</summary>
    public bool IsKnownTenant(string tenant) =>
        tenant.Equals("common", StringComparison.OrdinalIgnoreCase) ||
        tenant.Equals("organizations", StringComparison.OrdinalIgnoreCase) ||
        tenant.Equals(Options.TenantId, StringComparison.OrdinalIgnoreCase) ||
        tenant.Equals(Options.UserDomain, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for an address in the sandbox domain with the right password.</summary>
    public bool CheckCredentials(string? user, string? password)
    {
        if (string.IsNullOrWhiteSpace(user) || password is null || !IsSandboxUser(user))
        {
            return false;
        }

        var expected = Registry.FindUser(user)?.Password ?? Options.UserPassword;
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(password), System.Text.Encoding.UTF8.GetBytes(expected));
    }

    public bool IsSandboxUser(string user)
    {
        var at = user.LastIndexOf('@');
        return at > 0 && user[(at + 1)..].Equals(Options.UserDomain, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>User override, else app override, else the default.</summary>
    public TimeSpan AccessTokenLifetime(RegisteredApp app, string? user)
    {
        var seconds = (user is null ? null : Registry.FindUser(user)?.AccessTokenLifetimeSeconds) ?? app.Registration.AccessTokenLifetimeSeconds;
        return seconds is { } value ? TimeSpan.FromSeconds(value) : Options.AccessTokenLifetime;
    }
}
