using AckPoller.EntraStandIn.Protocol;

namespace AckPoller.EntraStandIn.Faults;

internal static class FaultErrors
{
    public static EntraError ToError(FaultRule rule, string clientId, DateTimeOffset now) => rule.Fault switch
    {
        EntraFault.RefreshTokenExpired => EntraErrors.RefreshTokenInactive(now.AddDays(-120), TimeSpan.FromDays(91)),
        EntraFault.GrantRevoked => EntraErrors.GrantRevoked(),
        EntraFault.ClientSecretExpired => EntraErrors.SecretExpired(clientId),
        EntraFault.InvalidClientSecret => EntraErrors.WrongSecret(clientId),
        EntraFault.ServerError => EntraErrors.ServerError(),
        EntraFault.Throttled => EntraErrors.Throttled(rule.RetryAfterSeconds),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Fault, "Unknown fault."),
    };
}
