namespace Allocation.Contracts.Sourcing;

/// <summary>
/// What one batch re-optimisation did: paid reservations considered, those whose picking has not started (movable),
/// the planned total cost before and after, and the moves carried out or rolled back.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.reoptimization-report")]
public sealed record ReoptimizationReport(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] int OrdersConsidered,
    [property: Id(2)] int OrdersMovable,
    [property: Id(3)] decimal CostBefore,
    [property: Id(4)] decimal CostAfter,
    [property: Id(5)] int OrdersMoved,
    [property: Id(6)] int MovesRolledBack,
    [property: Id(7)] string Engine,
    [property: Id(8)] double PlanMilliseconds,
    [property: Id(9)] string? Note = null);
