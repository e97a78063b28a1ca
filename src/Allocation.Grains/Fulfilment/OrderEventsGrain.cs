using Allocation.Contracts.Orders;
using Allocation.Grains.Ledger;
using Orleans.Concurrency;

namespace Allocation.Grains.Fulfilment;

/// <summary>Reads a tenant's outbox feed from the store; stateless, so any silo answers.</summary>
[StatelessWorker]
internal sealed class OrderEventsGrain(GrainRecords records) : Grain, IOrderEventsGrain
{
    public async Task<IReadOnlyList<OrderEvent>> Read(long afterSequence, int limit)
    {
        var stored = await records.ReadEventsAsync(this.GetPrimaryKeyString(), afterSequence, limit, CancellationToken.None);
        return [.. stored.Select(item => new OrderEvent(item.Sequence, item.Event.EventId, item.Event.EventType, item.Event.OrderId,
            DateTimeOffset.FromUnixTimeMilliseconds(item.Event.OccurredAtUnixMilliseconds), item.Event.Payload))];
    }
}
