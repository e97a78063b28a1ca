using Allocation.Contracts;

namespace Allocation.Api.Problems;

/// <summary>Collects what is wrong with a request, field by field, and turns it into one problem response.</summary>
internal sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public string Identifier(string field, string? value)
    {
        if (value is null)
        {
            Add(field, "is required");
        }
        else if (!Identifiers.IsValid(value))
        {
            Add(field, "must be " + Identifiers.Description);
        }

        return value ?? "";
    }

    public int Number(string field, int? value, int minimum, int maximum)
    {
        if (value is null)
        {
            Add(field, "is required");
            return 0;
        }

        if (value < minimum || value > maximum)
        {
            Add(field, $"must be between {minimum} and {maximum}");
        }

        return value.Value;
    }

    public ProblemHttpResult ToProblem(int status = StatusCodes.Status400BadRequest, string title = "The request is not valid") =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray()))
        {
            Status = status,
            Title = title,
            Type = status == StatusCodes.Status404NotFound ? ProblemTypes.NotFound : ProblemTypes.Validation,
        });
}
