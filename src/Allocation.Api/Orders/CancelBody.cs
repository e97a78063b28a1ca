namespace Allocation.Api.Orders;

public sealed record CancelBody(string? RequestId, string? Reason);
