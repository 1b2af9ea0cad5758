using System.Text.Json.Nodes;
using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Protocol;
using AckPoller.EntraStandIn.Tokens;

namespace AckPoller.EntraStandIn.Endpoints;

/// <summary>Instance discovery (/{tenant}/discovery/instance, what MSAL asks before the first token request),
/// the OpenID configuration and the signing keys.</summary>
internal static class DiscoveryEndpoints
{
    /// <summary>Names the authority's own host (with port) as the only alias, so MSAL keeps using it.</summary>
    public static Task InstanceAsync(HttpContext context, StandInState state)
    {
        var authority = Uri.TryCreate(context.Request.Query["authorization_endpoint"], UriKind.Absolute, out var endpoint)
            ? endpoint.Authority
            : context.Request.Host.Value!;
        var tenant = endpoint?.Segments.Length > 1 ? endpoint.Segments[1].Trim('/') : "common";
        return OAuthResponses.WriteJsonAsync(context, 200, new JsonObject
        {
            ["tenant_discovery_endpoint"] = $"https://{authority}/{tenant}/v2.0/.well-known/openid-configuration",
            ["api-version"] = "1.1",
            ["metadata"] = new JsonArray(new JsonObject
            {
                ["preferred_network"] = authority,
                ["preferred_cache"] = authority,
                ["aliases"] = new JsonArray(authority),
            }),
        });
    }

    public static Task OpenIdConfigurationAsync(HttpContext context, string tenant, StandInState state)
    {
        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}";
        return OAuthResponses.WriteJsonAsync(context, 200, new JsonObject
        {
            ["issuer"] = $"{baseUrl}/{state.Options.TenantId}/v2.0",
            ["authorization_endpoint"] = $"{baseUrl}/{tenant}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{baseUrl}/{tenant}/oauth2/v2.0/token",
            ["device_authorization_endpoint"] = $"{baseUrl}/{tenant}/oauth2/v2.0/devicecode",
            ["jwks_uri"] = $"{baseUrl}/{tenant}/discovery/v2.0/keys",
            ["response_types_supported"] = new JsonArray("code"),
            ["response_modes_supported"] = new JsonArray("query"),
            ["grant_types_supported"] = new JsonArray("authorization_code", "refresh_token", "client_credentials", TokenEndpoint.DeviceCodeGrant),
            ["subject_types_supported"] = new JsonArray("pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "private_key_jwt"),
            ["code_challenge_methods_supported"] = new JsonArray("S256", "plain"),
            ["scopes_supported"] = new JsonArray("openid", "profile", "email", "offline_access"),
            ["tenant_region_scope"] = "EU",
        });
    }

    public static Task KeysAsync(HttpContext context, StandInState state)
    {
        var parameters = state.Options.Signing.Key.ExportParameters(includePrivateParameters: false);
        return OAuthResponses.WriteJsonAsync(context, 200, new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = state.Options.Signing.KeyId,
                ["n"] = Base64Url.Encode(parameters.Modulus!),
                ["e"] = Base64Url.Encode(parameters.Exponent!),
            }),
        });
    }
}
