using Microsoft.AspNetCore.Mvc;

namespace Allocation.Api.Problems;

internal static class ProblemResults
{
    public static ProblemHttpResult Of(int status, string type, string title, string? detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult NotFound(string what) =>
        Of(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", what);

    public static ProblemHttpResult Conflict(string? detail) =>
        Of(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Conflict", detail);

    public static ProblemHttpResult Refused(string? detail, object? current = null) =>
        Of(StatusCodes.Status409Conflict, ProblemTypes.Refused, "Not allowed in the current state", detail, new Dictionary<string, object?> { ["current"] = current });
}
