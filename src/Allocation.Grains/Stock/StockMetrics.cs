using System.Diagnostics.Metrics;

namespace Allocation.Grains.Stock;

/// <summary>The stock grains' own figures on the meter <see cref="MeterName"/>.</summary>
internal static class StockMetrics
{
    public const string MeterName = "Allocation.Stock";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Holds whose deadline passed before a confirm or release: their units went back to available stock.</summary>
    public static readonly Counter<long> HoldsExpired = Meter.CreateCounter<long>("allocation.stock.holds.expired", "{hold}", "Holds that expired (units returned to available stock)");
}
