namespace Allocation.Api.Orders;

/// <summary>A store step's body: only its request id (idempotency). Nullable so a missing one is named.</summary>
public sealed record OrderActionBody(string? RequestId);
