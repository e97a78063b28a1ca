namespace Allocation.Bench.Http;

/// <summary>The no-oversell invariant on one SKU-store's counts, shared by every target.</summary>
internal static class StockCountsChecks
{
    public static void Check(VerificationReport report, string sku, string storeId, long onHand, long held, long committed)
    {
        if (onHand < 0 || held < 0 || committed < 0)
            report.Fail($"{sku} at {storeId}: a negative count (on hand {onHand}, held {held}, committed {committed})");
        else if (held + committed > onHand)
            report.Fail($"{sku} at {storeId}: oversold, held {held} + committed {committed} > on hand {onHand}");
    }
}
