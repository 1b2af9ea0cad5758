using System.Collections.Concurrent;

namespace AckPoller.EntraStandIn.Registration;

/// <summary>The stand-in's directory: app registrations and per-user settings. Thread-safe; change it at any time.</summary>
public sealed class Registry
{
    private readonly ConcurrentDictionary<string, RegisteredApp> _apps = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, UserRegistration> _users = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds or replaces an app registration (certificates are loaded now, so bad input fails here).</summary>
    public void AddApp(AppRegistration app)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app.ClientId);
        _apps[app.ClientId] = new RegisteredApp(app);
    }

    public bool RemoveApp(string clientId) => _apps.TryRemove(clientId, out _);

    public RegisteredApp? FindApp(string? clientId) =>
        clientId is not null && _apps.TryGetValue(clientId, out var app) ? app : null;

    public IReadOnlyList<AppRegistration> Apps => _apps.Values.Select(app => app.Registration).ToArray();

    public void SetUser(UserRegistration user)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user.Address);
        _users[user.Address] = user;
    }

    public UserRegistration? FindUser(string address) => _users.TryGetValue(address, out var user) ? user : null;

    public IReadOnlyList<UserRegistration> Users => _users.Values.ToArray();

    public void Load(RegistrationDocument document)
    {
        foreach (var app in document.Apps)
        {
            AddApp(app);
        }

        foreach (var user in document.Users)
        {
            SetUser(user);
        }
    }
}
