using System.Security.Cryptography;
using System.Text;
using AckPoller.EntraStandIn.Protocol;
using AckPoller.EntraStandIn.Registration;

namespace AckPoller.EntraStandIn.Endpoints;

/// <summary>How the client proved itself at the token endpoint: the appidacr claim ("0" public, "1" secret,
/// "2" certificate) or the error Entra answers.</summary>
internal static class ClientAuthenticator
{
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static (string? Acr, EntraError? Error) Authenticate(
        IFormCollection form, RegisteredApp app, bool userGrant, Func<string, bool> isOwnAudience, DateTimeOffset now)
    {
        string? assertion = form["client_assertion"];
        string? secret = form["client_secret"];
        if (!string.IsNullOrEmpty(assertion))
        {
            if (form["client_assertion_type"] != JwtBearerAssertionType)
            {
                return (null, EntraErrors.MissingParameter("client_assertion_type"));
            }

            var error = ClientAssertionValidator.Validate(assertion, app, isOwnAudience, now);
            return error is null ? ("2", null) : (null, error);
        }

        if (!string.IsNullOrEmpty(secret))
        {
            return CheckSecret(app, secret, now);
        }

        if (userGrant && app.Registration.AllowPublicClient)
        {
            return ("0", null);
        }

        return (null, app.IsConfidential ? EntraErrors.CredentialRequired() : EntraErrors.PublicClientRedemption());
    }

    private static (string? Acr, EntraError? Error) CheckSecret(RegisteredApp app, string secret, DateTimeOffset now)
    {
        var offered = Encoding.UTF8.GetBytes(secret);
        var match = app.Registration.Secrets.FirstOrDefault(candidate =>
            CryptographicOperations.FixedTimeEquals(offered, Encoding.UTF8.GetBytes(candidate.Value)));
        if (match is null)
        {
            return (null, EntraErrors.WrongSecret(app.ClientId));
        }

        return match.ExpiresOn <= now ? (null, EntraErrors.SecretExpired(app.ClientId)) : ("1", null);
    }
}
