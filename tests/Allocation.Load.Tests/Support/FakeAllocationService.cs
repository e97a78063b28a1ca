using Allocation.Load.Service;

namespace Allocation.Load.Tests.Support;

/// <summary>
/// A service in memory whose state the test plants: the reservations and stock counts its GETs return. Writes are
/// recorded as applied. Used to prove the invariant checker catches what a broken service would do.
/// </summary>
internal sealed class FakeAllocationService : IAllocationService
{
    public Dictionary<string, ReservationReply> Reservations { get; } = new(StringComparer.Ordinal);

    public Dictionary<SkuStore, StockReply> Stock { get; } = [];

    public List<string> DocumentsSent { get; } = [];

    public Task<ServiceAnswer<ReservationReply>> ReserveAsync(ReserveCommand command, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the checker never reserves");

    public Task<ServiceAnswer<ReservationReply>> ConfirmAsync(string reservationId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the checker never confirms");

    public Task<ServiceAnswer<ReservationReply>> ReleaseAsync(string reservationId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the checker never releases");

    public Task<ServiceAnswer<ReservationReply>> GetReservationAsync(string reservationId, CancellationToken cancellationToken) =>
        Task.FromResult(Reservations.TryGetValue(reservationId, out var reply)
            ? ServiceAnswers.Success(200, reply)
            : ServiceAnswers.Refusal<ReservationReply>(404, "404 Not Found: no reservation"));

    public Task<ServiceAnswer<StockReply>> GetStockAsync(SkuStore skuStore, CancellationToken cancellationToken) =>
        Task.FromResult(Stock.TryGetValue(skuStore, out var counts) ? ServiceAnswers.Success(200, counts) : ServiceAnswers.Refusal<StockReply>(404, "404"));

    public Task<ServiceAnswer<MovementReply>> MoveAsync(MovementKind kind, SkuStore skuStore, int quantity, string documentId, CancellationToken cancellationToken)
    {
        lock (DocumentsSent)
        {
            DocumentsSent.Add(documentId);
        }

        var counts = Stock[skuStore];
        return Task.FromResult(ServiceAnswers.Success(200, new MovementReply("AlreadyApplied", new MovementCountsReply(counts.OnHand, counts.Held, counts.Committed, 0), counts.Available, 0)));
    }

    public Task<ServiceAnswer<IReadOnlyList<StoreReply>>> GetStoresAsync(CancellationToken cancellationToken) =>
        Task.FromResult(ServiceAnswers.Success<IReadOnlyList<StoreReply>>(200, []));

    public Task<ServiceAnswer<bool>> SkuExistsAsync(string sku, CancellationToken cancellationToken) => Task.FromResult(ServiceAnswers.Success(200, true));

    public Task<ServiceAnswer<IReadOnlySet<string>>> GetRoutesAsync(CancellationToken cancellationToken) =>
        Task.FromResult(ServiceAnswers.Success<IReadOnlySet<string>>(200, new HashSet<string>()));
}
