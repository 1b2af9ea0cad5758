using AckPoller.Core.Accounts;
using AckPoller.Core.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AckPoller.Web;

/// <summary>GET /api/accounts → <c>{ "accounts": [ …AccountStatus in ReportJson… ] }</c> (what `ackpoller accounts --json`
/// shows): auth state and reason, the sign-in challenge while one is needed, last poll, last error, IDLE, pending outbox.</summary>
internal static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/accounts", ListAsync);

    private static async Task<IResult> ListAsync(HttpContext context, AccountStatusService accounts) =>
        Results.Json(new AccountListBody(await accounts.GetAllAsync(context.RequestAborted)), ReportJson.Compact);

    private sealed record AccountListBody(IReadOnlyList<AccountStatus> Accounts);
}
