namespace Allocation.Api.Orders;

/// <summary>The customer's pickup code and its QR image (SVG text, no external assets).</summary>
public sealed record PickupCodeResponse(string OrderId, string Code, DateTimeOffset CollectBy, string QrSvg);
