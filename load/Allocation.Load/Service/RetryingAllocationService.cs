namespace Allocation.Load.Service;

/// <summary>Retries calls without a usable answer under a RetryPolicy. Safe because every write carries its own id.</summary>
public sealed class RetryingAllocationService(IAllocationService inner, RetryPolicy policy, TimeProvider time) : IAllocationService
{
    public Task<ServiceAnswer<ReservationReply>> ReserveAsync(ReserveCommand command, CancellationToken cancellationToken) =>
        RetryAsync(token => inner.ReserveAsync(command, token), cancellationToken);

    public Task<ServiceAnswer<ReservationReply>> ConfirmAsync(string reservationId, CancellationToken cancellationToken) =>
        RetryAsync(token => inner.ConfirmAsync(reservationId, token), cancellationToken);

    public Task<ServiceAnswer<ReservationReply>> ReleaseAsync(string reservationId, CancellationToken cancellationToken) =>
        RetryAsync(token => inner.ReleaseAsync(reservationId, token), cancellationToken);

    public Task<ServiceAnswer<ReservationReply>> GetReservationAsync(string reservationId, CancellationToken cancellationToken) =>
        RetryAsync(token => inner.GetReservationAsync(reservationId, token), cancellationToken);

    public Task<ServiceAnswer<StockReply>> GetStockAsync(SkuStore skuStore, CancellationToken cancellationToken) =>
        RetryAsync(token => inner.GetStockAsync(skuStore, token), cancellationToken);

    public Task<ServiceAnswer<MovementReply>> MoveAsync(MovementKind kind, SkuStore skuStore, int quantity, string documentId, CancellationToken cancellationToken) =>
        RetryAsync(token => inner.MoveAsync(kind, skuStore, quantity, documentId, token), cancellationToken);

    public Task<ServiceAnswer<IReadOnlyList<StoreReply>>> GetStoresAsync(CancellationToken cancellationToken) =>
        RetryAsync(inner.GetStoresAsync, cancellationToken);

    public Task<ServiceAnswer<bool>> SkuExistsAsync(string sku, CancellationToken cancellationToken) =>
        RetryAsync(token => inner.SkuExistsAsync(sku, token), cancellationToken);

    public Task<ServiceAnswer<IReadOnlySet<string>>> GetRoutesAsync(CancellationToken cancellationToken) =>
        RetryAsync(inner.GetRoutesAsync, cancellationToken);

    private Task<ServiceAnswer<T>> RetryAsync<T>(Func<CancellationToken, Task<ServiceAnswer<T>>> call, CancellationToken cancellationToken) =>
        policy.RunAsync(call, time, cancellationToken);
}
