namespace Allocation.Api.Stock;

/// <summary>A stock movement as posted. Fields are nullable so a missing one is reported by name.</summary>
public sealed record MovementBody(int? Quantity, string? DocumentId, string? Reason);
