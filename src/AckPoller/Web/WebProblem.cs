using System.Text.Json;
using AckPoller.Core.Reporting;
using Microsoft.AspNetCore.Http;

namespace AckPoller.Web;

/// <summary>Errors of the HTTP API as RFC 9457 problem details (application/problem+json); a bad query parameter or
/// body field is named in "parameter".</summary>
internal static class WebProblem
{
    public static IResult BadParameter(string parameter, string detail) => Result(StatusCodes.Status400BadRequest, "Invalid parameter", $"{parameter}: {detail}", parameter);

    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, "Not found", detail, parameter: null);

    public static IResult Conflict(string detail) => Result(StatusCodes.Status409Conflict, "Conflict", detail, parameter: null);

    public static IResult Result(int status, string title, string detail, string? parameter) =>
        Results.Json(Body(status, title, detail, parameter), ReportJson.Compact, "application/problem+json", status);

    public static async Task Write(HttpContext context, int status, string title, string detail, string? parameter)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(context.Response.Body, Body(status, title, detail, parameter), ReportJson.Compact, context.RequestAborted);
    }

    private static ProblemBody Body(int status, string title, string detail, string? parameter) => new(
        "about:blank", title, status, detail, parameter);

    private sealed record ProblemBody(string Type, string Title, int Status, string Detail, string? Parameter);
}
