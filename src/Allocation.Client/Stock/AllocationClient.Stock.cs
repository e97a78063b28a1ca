using Allocation.Client.Stock;

namespace Allocation.Client;

public sealed partial class AllocationClient
{
    public Task<AllocationResult<StockLevel>> GetStockAsync(string sku, string storeId, CancellationToken cancellationToken = default) =>
        SendAsync<StockLevel>(HttpMethod.Get, StockPath(sku, storeId), null, cancellationToken);

    /// <summary>
    /// A receipt, count, adjustment, sale or safety-stock change. Its DocumentId makes it idempotent: a repeat answers
    /// AlreadyApplied; the same id with another body is a Conflict; a movement the book refuses is Refused (value: the counts).
    /// </summary>
    public Task<AllocationResult<MovementResult>> MoveStockAsync(StockMovement movement, CancellationToken cancellationToken = default)
    {
        var (method, route) = movement.Kind switch
        {
            MovementKind.Receipt => (HttpMethod.Post, "receipts"),
            MovementKind.Count => (HttpMethod.Post, "counts"),
            MovementKind.Adjustment => (HttpMethod.Post, "adjustments"),
            MovementKind.Sale => (HttpMethod.Post, "sales"),
            MovementKind.SafetyStock => (HttpMethod.Put, "safety-stock"),
            _ => throw new ArgumentOutOfRangeException(nameof(movement), movement.Kind, "unknown movement kind"),
        };
        var body = new { quantity = movement.Quantity, documentId = movement.DocumentId, reason = movement.Reason };
        return SendAsync<MovementResult>(method, $"{StockPath(movement.Sku, movement.StoreId)}/{route}", body, cancellationToken);
    }

    private static string StockPath(string sku, string storeId) => $"stock/{Segment(sku)}/stores/{Segment(storeId)}";
}
