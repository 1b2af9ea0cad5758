namespace AckPoller.EntraStandIn.Protocol;

/// <summary>Validates the scope parameter the way Entra does for the resources the stand-in knows: Exchange Online
/// (outlook.office.com / outlook.office365.com) and Microsoft Graph. One resource per request.</summary>
public static class ScopeParser
{
    public const string ExchangeAudience = "https://outlook.office.com";
    public const string GraphAudience = "https://graph.microsoft.com";
    private const string DefaultPermission = ".default";

    private static readonly string[] ExchangeHosts = ["outlook.office.com", "outlook.office365.com"];
    private static readonly string[] ExchangeUserPermissions = ["IMAP.AccessAsUser.All", "POP.AccessAsUser.All", "SMTP.Send"];
    private static readonly string[] OidcScopes = ["openid", "profile", "offline_access", "email"];

    /// <summary>Delegated (user) scopes: any Exchange mail permission, Graph, .default, plus the OpenID scopes MSAL adds.</summary>
    public static (ScopeGrant? Grant, EntraError? Error) ParseDelegated(string? scope)
    {
        var items = Split(scope);
        var resourceScopes = new List<string>();
        var offline = false;
        var openId = false;
        foreach (var item in items)
        {
            if (OidcScopes.Contains(item, StringComparer.OrdinalIgnoreCase))
            {
                offline |= item.Equals("offline_access", StringComparison.OrdinalIgnoreCase);
                openId |= item.Equals("openid", StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                resourceScopes.Add(item);
            }
        }

        if (resourceScopes.Count == 0)
        {
            // Only OpenID scopes: Entra issues a Graph token for User.Read.
            return (new ScopeGrant { Audience = GraphAudience, Permissions = ["User.Read"], Requested = [], OfflineAccess = offline, OpenId = openId }, null);
        }

        var (audience, permissions, error) = ResolveResource(resourceScopes, scope ?? string.Empty);
        if (error is not null)
        {
            return (null, error);
        }

        if (audience == ExchangeAudience)
        {
            if (permissions.Contains(DefaultPermission, StringComparer.OrdinalIgnoreCase))
            {
                permissions = [.. ExchangeUserPermissions];
            }
            else if (permissions.FirstOrDefault(p => !ExchangeUserPermissions.Contains(p, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            {
                return (null, EntraErrors.InvalidScope(unknown));
            }
        }

        return (new ScopeGrant { Audience = audience!, Permissions = permissions, Requested = resourceScopes, OfflineAccess = offline, OpenId = openId }, null);
    }

    /// <summary>App-only scopes: exactly one "{resource}/.default".</summary>
    public static (ScopeGrant? Grant, EntraError? Error) ParseAppOnly(string? scope)
    {
        var items = Split(scope);
        if (items.Count == 0)
        {
            return (null, EntraErrors.MissingParameter("scope"));
        }

        var (audience, permissions, error) = ResolveResource(items, scope!);
        if (error is not null)
        {
            return (null, error);
        }

        if (permissions.Count != 1 || permissions[0] != DefaultPermission)
        {
            return (null, EntraErrors.ClientCredentialScope(scope!));
        }

        return (new ScopeGrant { Audience = audience!, Permissions = [], Requested = items }, null);
    }

    private static List<string> Split(string? scope) =>
        (scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    private static (string? Audience, List<string> Permissions, EntraError? Error) ResolveResource(List<string> scopes, string whole)
    {
        string? audience = null;
        var permissions = new List<string>();
        foreach (var scope in scopes)
        {
            var (resource, permission) = SplitScope(scope);
            if (resource is null)
            {
                return (null, permissions, EntraErrors.UnknownResource(scope));
            }

            if (audience is not null && audience != resource)
            {
                return (null, permissions, EntraErrors.MultipleResources(whole));
            }

            audience = resource;
            permissions.Add(permission);
        }

        if (permissions.Count > 1 && permissions.Contains(DefaultPermission))
        {
            return (null, permissions, EntraErrors.InvalidScope(whole));
        }

        return (audience, permissions, null);
    }

    /// <summary>("https://outlook.office.com", "IMAP.AccessAsUser.All") from a scope; unqualified names are Graph's.</summary>
    private static (string? Resource, string Permission) SplitScope(string scope)
    {
        if (!scope.Contains("://", StringComparison.Ordinal))
        {
            return (GraphAudience, scope);
        }

        var slash = scope.LastIndexOf('/');
        var permission = scope[(slash + 1)..];
        if (!Uri.TryCreate(scope[..slash], UriKind.Absolute, out var resource))
        {
            return (null, permission);
        }

        if (ExchangeHosts.Contains(resource.Host, StringComparer.OrdinalIgnoreCase))
        {
            return (ExchangeAudience, permission);
        }

        return resource.Host.Equals("graph.microsoft.com", StringComparison.OrdinalIgnoreCase) ? (GraphAudience, permission) : (null, permission);
    }
}
