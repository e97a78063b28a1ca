namespace Allocation.Bench.Reservations;

/// <summary>A named way to create one target; the runner creates it once, runs every chosen scenario on it, then disposes it.</summary>
/// <param name="Name">Name accepted by <c>--targets</c>.</param>
/// <param name="Description">One line printed above the table, e.g. how durable the target is.</param>
/// <param name="CreateAsync">Creates and starts the target (servers, databases, silos).</param>
internal sealed record ReservationTargetFactory(
    string Name,
    string Description,
    Func<ReservationTargetContext, CancellationToken, Task<IReservationTarget>> CreateAsync);
