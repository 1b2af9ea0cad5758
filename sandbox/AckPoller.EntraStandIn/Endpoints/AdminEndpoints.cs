using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AckPoller.EntraStandIn.Faults;
using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Registration;

namespace AckPoller.EntraStandIn.Endpoints;

/// <summary>/_sandbox: the test and demo controls (loopback only, no authentication).
/// GET health; GET/POST/DELETE faults (DELETE faults/{id} removes one); GET/POST apps, DELETE apps/{clientId};
/// GET/POST users; POST devicelogin/approve {"userCode","user"}.</summary>
internal static class AdminEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    public static void Map(WebApplication app, StandInState state)
    {
        var admin = app.MapGroup("/_sandbox");
        admin.MapGet("/health", () => Results.Text("ok"));

        admin.MapGet("/faults", () => Results.Json(
            state.Faults.Active.Select(active => new { id = active.Id, rule = active.Rule, remaining = active.Remaining }), Json));
        admin.MapPost("/faults", async (HttpContext context) =>
        {
            var rule = await ReadAsync<FaultRule>(context);
            return rule is null ? Results.BadRequest("Expected a fault rule: {\"fault\":\"RefreshTokenExpired\",\"count\":1}") : AddFault(state, rule);
        });
        admin.MapDelete("/faults", () =>
        {
            state.Faults.Clear();
            return Results.NoContent();
        });
        admin.MapDelete("/faults/{id:long}", (long id) => state.Faults.Remove(id) ? Results.NoContent() : Results.NotFound());

        admin.MapGet("/apps", () => Results.Json(state.Registry.Apps, Json));
        admin.MapPost("/apps", async (HttpContext context) =>
        {
            var registration = await ReadAsync<AppRegistration>(context);
            if (registration is null)
            {
                return Results.BadRequest("Expected an app registration.");
            }

            state.Registry.AddApp(registration);
            return Results.Json(registration, Json, statusCode: 201);
        });
        admin.MapDelete("/apps/{clientId}", (string clientId) => state.Registry.RemoveApp(clientId) ? Results.NoContent() : Results.NotFound());

        admin.MapGet("/users", () => Results.Json(state.Registry.Users, Json));
        admin.MapPost("/users", async (HttpContext context) =>
        {
            var user = await ReadAsync<UserRegistration>(context);
            if (user is null)
            {
                return Results.BadRequest("Expected a user registration.");
            }

            state.Registry.SetUser(user);
            return Results.Json(user, Json, statusCode: 201);
        });

        admin.MapPost("/devicelogin/approve", async (HttpContext context) =>
        {
            var body = await ReadAsync<JsonObject>(context);
            var userCode = body?["userCode"]?.GetValue<string>();
            var user = body?["user"]?.GetValue<string>();
            return userCode is not null && user is not null && state.IsSandboxUser(user) && state.DeviceCodes.Approve(userCode, user)
                ? Results.NoContent()
                : Results.BadRequest("Unknown or used user code, or not a sandbox user.");
        });
    }

    private static IResult AddFault(StandInState state, FaultRule rule)
    {
        try
        {
            return Results.Json(new { id = state.Faults.Add(rule) }, Json, statusCode: 201);
        }
        catch (ArgumentOutOfRangeException error)
        {
            return Results.BadRequest(error.Message);
        }
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(Json, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
