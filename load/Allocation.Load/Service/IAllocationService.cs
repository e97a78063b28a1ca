namespace Allocation.Load.Service;

/// <summary>The service as the harness sees it: the HTTP API in production, a fake in tests.</summary>
public interface IAllocationService
{
    Task<ServiceAnswer<ReservationReply>> ReserveAsync(ReserveCommand command, CancellationToken cancellationToken);

    Task<ServiceAnswer<ReservationReply>> ConfirmAsync(string reservationId, CancellationToken cancellationToken);

    Task<ServiceAnswer<ReservationReply>> ReleaseAsync(string reservationId, CancellationToken cancellationToken);

    Task<ServiceAnswer<ReservationReply>> GetReservationAsync(string reservationId, CancellationToken cancellationToken);

    Task<ServiceAnswer<StockReply>> GetStockAsync(SkuStore skuStore, CancellationToken cancellationToken);

    Task<ServiceAnswer<MovementReply>> MoveAsync(MovementKind kind, SkuStore skuStore, int quantity, string documentId, CancellationToken cancellationToken);

    Task<ServiceAnswer<IReadOnlyList<StoreReply>>> GetStoresAsync(CancellationToken cancellationToken);

    /// <summary>Whether the SKU is in the catalogue (GET /api/v1/skus/{sku}).</summary>
    Task<ServiceAnswer<bool>> SkuExistsAsync(string sku, CancellationToken cancellationToken);

    /// <summary>The routes of the OpenAPI document, as "METHOD /path".</summary>
    Task<ServiceAnswer<IReadOnlySet<string>>> GetRoutesAsync(CancellationToken cancellationToken);
}
