namespace Allocation.Grains.Stock;

/// <summary>Hard limits of one SKU-store; requests beyond them are refused as bad input, never wrapped around.</summary>
internal static class StockLimits
{
    /// <summary>Keeps every count and sum far from int overflow.</summary>
    public const int UnitsMax = 1_000_000_000;
}
