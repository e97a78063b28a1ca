using Allocation.Contracts.Reservations;
using Allocation.Grains.Common;
using System.Collections.Concurrent;

namespace Allocation.Grains.Reservations;

internal sealed class InMemoryReservationIntentStore(AllocationClock clock) : IReservationIntentStore
{
    private readonly ConcurrentDictionary<(string, string), ReservationIntent> intents = new();

    public Task RecordAsync(string tenantId, string reservationId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken)
    {
        intents[(tenantId, reservationId)] = new ReservationIntent(tenantId, reservationId, lines, clock.UtcNow);
        return Task.CompletedTask;
    }

    public Task ClearAsync(string tenantId, string reservationId, CancellationToken cancellationToken)
    {
        intents.TryRemove((tenantId, reservationId), out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReservationIntent>> ListStaleAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<ReservationIntent> stale = intents.Values.Where(intent => intent.CreatedAt < createdBefore)
            .OrderBy(intent => intent.CreatedAt).Take(limit).ToList();
        return Task.FromResult(stale);
    }
}
