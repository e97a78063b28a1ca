using Allocation.Contracts.Stock;

namespace Allocation.Api.Stock;

public sealed record MovementResponse(MovementOutcome Outcome, StockCounts Counts, int Available, int Shortfall, string? Message)
{
    public static MovementResponse From(MovementResult result) =>
        new(result.Outcome, result.Counts, result.Counts.Available, result.Shortfall, result.Message);
}
