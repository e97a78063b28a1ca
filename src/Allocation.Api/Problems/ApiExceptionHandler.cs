using Allocation.Contracts;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Allocation.Api.Problems;

/// <summary>
/// Unreadable bodies become 400 problems naming the JSON field; a lost durable write becomes 503 (nothing was
/// acknowledged; it says whether the change may still have been stored; retry with the same ids), and so does storage
/// that does not answer (PostgreSQL down or unreachable) or a silo that is gone before the cluster has moved its grains;
/// every 503 says when to retry (Retry-After). Anything else is a bug and stays a 500.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    /// <summary>
    /// Seconds a client should wait before retrying after a 503: about how long the cluster takes to declare a dead silo
    /// and move its grains, and short against a storage outage, so a retrying checkout notices recovery soon.
    /// </summary>
    public const int RetryAfterSeconds = 5;

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
            _ when IsTransient(exception) => Unavailable(
                "Temporarily unavailable",
                "The service cannot reach its storage or part of its cluster just now; the outcome of this call is unknown. Retry with the same ids; repeats are safe."),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// Failures that pass by themselves: the database refusing or dropping connections (what its provider calls
    /// transient), a call to a silo that died or is shutting down, a grain call timing out. Looked for along the inner
    /// exceptions, where grain activation and Orleans put them.
    /// </summary>
    private static bool IsTransient(Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is StorageUnavailableException or DbException { IsTransient: true } or TimeoutException or Orleans.Runtime.OrleansMessageRejectionException)
            {
                return true;
            }
        }

        return false;
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
