namespace Allocation.Contracts.Orders;

/// <summary>A tenant's feed of customer-facing order events (the outbox), read by cursor. Key: the tenant id.</summary>
public interface IOrderEventsGrain : IGrainWithStringKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<OrderEvent>> Read(long afterSequence, int limit);
}
