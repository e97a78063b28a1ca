namespace Allocation.Api.Orders;

public sealed record CollectBody(string? RequestId, string? PickupCode);
