using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Reporting;
using AckPoller.Mail.Mime;
using Microsoft.AspNetCore.Http;

namespace AckPoller.Web;

/// <summary>POST /api/alerts: validates the body (every bad field → 400 naming it), then raises the alert (its email goes
/// out through the outbox) or registers it. 201 Created with Location /api/alerts/AP-…; registering an alert that is
/// already known answers 200 with it (registration is idempotent); a reference taken by another alert answers 409.</summary>
internal static class AlertPost
{
    public const int MaxBodyBytes = 256 * 1024;
    public const int MaxSubjectLength = 998;
    public const int MaxShortFieldLength = 100;

    public static async Task<IResult> HandleAsync(HttpContext context, AlertService alerts, IAlertDirectory directory, AlertsOptions options)
    {
        var (body, problem) = await ReadAsync(context);
        if (body is null)
        {
            return problem!;
        }

        var register = body.MessageId is not null || body.Ref is not null;
        if ((register ? ValidateRegister(body, options.MaxRecipients) : ValidateRaise(body, options.MaxRecipients)) is { } invalid)
        {
            return invalid;
        }

        if (!register)
        {
            var raised = await alerts.RaiseAsync(new RaiseAlertRequest
            {
                Recipients = body.To!,
                Subject = body.Subject!,
                Body = body.Body ?? string.Empty,
                Severity = body.Severity,
                Source = body.Source,
            }, context.RequestAborted);
            return Created(raised);
        }

        AlertReference? reference = body.Ref is null ? null : AlertReference.Parse(body.Ref);
        var messageId = body.MessageId?.Trim().TrimStart('<').TrimEnd('>');
        var known = (messageId is null ? null : await directory.FindByMessageIdAsync(messageId, context.RequestAborted))
            ?? (reference is { } r ? await directory.FindByReferenceAsync(r, context.RequestAborted) : null);
        Alert alert;
        try
        {
            alert = await alerts.RegisterAsync(new RegisterAlertRequest
            {
                MessageId = messageId,
                Reference = reference,
                Subject = string.IsNullOrWhiteSpace(body.Subject) ? $"Alert registered by Message-ID {messageId ?? reference.ToString()}" : body.Subject,
                Body = body.Body ?? string.Empty,
                Severity = body.Severity,
                Source = body.Source,
                Recipients = body.To ?? [],
            }, context.RequestAborted);
        }
        catch (InvalidOperationException ex)
        {
            return WebProblem.Conflict(ex.Message);
        }

        return known is not null && known.Id == alert.Id ? Results.Json(alert, ReportJson.Compact) : Created(alert);
    }

    private static CreatedAt Created(Alert alert) =>
        new CreatedAt(alert.Reference, Results.Json(alert, ReportJson.Compact, statusCode: StatusCodes.Status201Created));

    private static async Task<(AlertPostBody? Body, IResult? Problem)> ReadAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, WebProblem.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the alert as application/json.", "body"));
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, WebProblem.Result(StatusCodes.Status413PayloadTooLarge, "Too large", $"The body is larger than {MaxBodyBytes} bytes.", "body"));
        }

        try
        {
            using var limited = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (limited.Length + read > MaxBodyBytes)
                {
                    return (null, WebProblem.Result(StatusCodes.Status413PayloadTooLarge, "Too large", $"The body is larger than {MaxBodyBytes} bytes.", "body"));
                }

                limited.Write(buffer, 0, read);
            }

            var body = JsonSerializer.Deserialize<AlertPostBody>(limited.GetBuffer().AsSpan(0, (int)limited.Length), ReportJson.Compact);
            return body is null ? (null, WebProblem.BadParameter("body", "expected a JSON object.")) : (body, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body";
            return (null, WebProblem.BadParameter(where, "not valid JSON for an alert" + (ex.LineNumber is { } line ? $" (line {line + 1})." : ".")));
        }
    }

    private static IResult? ValidateRaise(AlertPostBody body, int maxRecipients)
    {
        if (body.To is null || body.To.Count == 0)
        {
            return WebProblem.BadParameter("to", "at least one recipient address is required.");
        }

        if (body.To.Count > maxRecipients)
        {
            return WebProblem.BadParameter("to", $"at most {maxRecipients} recipients (Alerts:MaxRecipients); got {body.To.Count}.");
        }

        foreach (var address in body.To)
        {
            if (!EmailAddress.TryValidate(address, out var problem))
            {
                return WebProblem.BadParameter("to", problem);
            }
        }

        if (string.IsNullOrWhiteSpace(body.Subject))
        {
            return WebProblem.BadParameter("subject", "a subject is required.");
        }

        return ValidateCommon(body);
    }

    private static IResult? ValidateRegister(AlertPostBody body, int maxRecipients)
    {
        if (body.Ref is not null && !FilterValue.TryReference(body.Ref, out _, out var message))
        {
            return WebProblem.BadParameter("ref", message);
        }

        if (body.MessageId is not null)
        {
            var id = body.MessageId.Trim().TrimStart('<').TrimEnd('>');
            if (id.Length == 0 || id.Length > MaxSubjectLength || !id.Contains('@', StringComparison.Ordinal) || id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>'))
            {
                return WebProblem.BadParameter("message_id", "expected a Message-ID like <id@host> (angle brackets optional).");
            }
        }

        if (body.To is { } to)
        {
            if (to.Count > maxRecipients)
            {
                return WebProblem.BadParameter("to", $"at most {maxRecipients} recipients (Alerts:MaxRecipients); got {to.Count}.");
            }

            foreach (var address in to)
            {
                if (!EmailAddress.TryValidate(address, out var problem))
                {
                    return WebProblem.BadParameter("to", problem);
                }
            }
        }

        return ValidateCommon(body);
    }

    private static IResult? ValidateCommon(AlertPostBody body)
    {
        if (body.Subject is { } subject && (subject.Length > MaxSubjectLength || subject.Any(char.IsControl)))
        {
            return WebProblem.BadParameter("subject", $"one line of at most {MaxSubjectLength} characters.");
        }

        if (body.Severity is { } severity && (severity.Length > MaxShortFieldLength || severity.Any(char.IsControl)))
        {
            return WebProblem.BadParameter("severity", $"one line of at most {MaxShortFieldLength} characters.");
        }

        if (body.Source is { } source && (source.Length > MaxShortFieldLength || source.Any(char.IsControl)))
        {
            return WebProblem.BadParameter("source", $"one line of at most {MaxShortFieldLength} characters.");
        }

        return null;
    }

    /// <summary>201 with Location and the ReportJson body.</summary>
    private sealed class CreatedAt(AlertReference reference, IResult json) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = "/api/alerts/" + reference;
            return json.ExecuteAsync(httpContext);
        }
    }
}
