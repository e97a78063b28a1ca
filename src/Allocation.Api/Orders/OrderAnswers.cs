using Allocation.Contracts.Orders;

namespace Allocation.Api.Orders;

/// <summary>Turns an order call's refusal into problem details: field errors for bad input, 409 naming the state for illegal steps.</summary>
internal static class OrderAnswers
{
    public static ProblemHttpResult Problem(OrderActionResult result, string orderId)
    {
        switch (result.Outcome)
        {
            case OrderActionOutcome.NotFound or OrderActionOutcome.NotThisStore or OrderActionOutcome.Invalid:
                var errors = new RequestErrors();
                errors.Add(result.Field ?? "orderId", result.Message ?? $"no order '{orderId}'");
                return result.Outcome == OrderActionOutcome.Invalid
                    ? errors.ToProblem()
                    : errors.ToProblem(StatusCodes.Status404NotFound, result.Outcome == OrderActionOutcome.NotFound ? "Unknown order" : "The order is not this store's");
            case OrderActionOutcome.RequestReused:
                return ProblemResults.Of(StatusCodes.Status409Conflict, ProblemTypes.RequestReused, "Request id reused", result.Message, Extensions(result, orderId));
            case OrderActionOutcome.WrongCode:
                return ProblemResults.Of(StatusCodes.Status409Conflict, ProblemTypes.WrongPickupCode, "Wrong pickup code", result.Message, WithAttempts(result, orderId));
            case OrderActionOutcome.CodeLocked:
                return ProblemResults.Of(StatusCodes.Status409Conflict, ProblemTypes.PickupCodeLocked, "Pickup code locked", result.Message, WithAttempts(result, orderId));
            default:
                return ProblemResults.Of(StatusCodes.Status409Conflict, ProblemTypes.IllegalTransition, "Illegal transition", result.Message, Extensions(result, orderId));
        }
    }

    private static Dictionary<string, object?> Extensions(OrderActionResult result, string orderId) =>
        new() { ["state"] = result.State, ["orderId"] = orderId };

    private static Dictionary<string, object?> WithAttempts(OrderActionResult result, string orderId)
    {
        var extensions = Extensions(result, orderId);
        extensions["attemptsRemaining"] = result.AttemptsRemaining;
        return extensions;
    }
}
