using Allocation.Contracts;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Allocation.Api.Problems;

/// <summary>
/// Unreadable bodies become 400 problems naming the JSON field; a lost durable write becomes 503 (nothing was
/// acknowledged; it says whether the change may still have been stored; retry with the same ids). Anything else is a
/// bug and stays a 500.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => Unreadable(bad),
            LedgerWriteFailedException { OutcomeUnknown: true } => Unavailable(
                "Outcome unknown",
                "The storage failed while committing: the change may or may not have been stored. Retry with the same ids to find out; repeats are safe."),
            LedgerWriteFailedException => Unavailable(
                "Not stored; nothing was changed",
                "The change could not be made durable. Retry with the same ids; repeats are safe."),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Unavailable(string title, string detail) => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Type = ProblemTypes.Unavailable,
        Title = title,
        Detail = detail,
    };

    private static HttpValidationProblemDetails Unreadable(BadHttpRequestException exception)
    {
        var json = FindJsonException(exception);
        var field = json?.Path is { Length: > 2 } path ? path[2..] : "body";
        var unknownField = json?.Message.Contains("could not be mapped", StringComparison.Ordinal) == true;
        var message = json is null ? exception.Message
            : unknownField ? "is not a field of this request"
            : "is not valid JSON for this field" + (json.LineNumber is { } line ? $" (line {line + 1})" : "");
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
            Type = ProblemTypes.Validation,
            Title = "The request body could not be read",
        };
    }

    private static JsonException? FindJsonException(Exception? exception)
    {
        while (exception is not null and not JsonException)
        {
            exception = exception.InnerException;
        }

        return exception as JsonException;
    }
}
