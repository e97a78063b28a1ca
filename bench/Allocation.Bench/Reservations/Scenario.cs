namespace Allocation.Bench.Reservations;

/// <summary>One row group of the table: how many SKU-stores, how much stock, how callers pick keys and what they do.</summary>
internal sealed record Scenario(
    string Name,
    string Description,
    int KeyCount,
    int UnitsPerKey,
    ScenarioWorkload Workload,
    Func<KeyPicker> CreatePicker)
{
    /// <summary>Large enough that no scenario with a time window sells out, small enough for a 32-bit count in any target.</summary>
    public const int AmpleUnitsPerKey = 1_000_000_000;
    public const int CatalogueKeyCount = 10_000;
    public const double ZipfExponent = 1.0;
    public const int SellOutUnits = 1_000;
    public const int UnitsPerReservation = 1;

    public string OperationName => Workload switch
    {
        ScenarioWorkload.ReserveThenConfirm => "reserve+confirm",
        ScenarioWorkload.ReserveThenExpire => "reserve+expire",
        ScenarioWorkload.SellOut => "reserve (until out)",
        _ => "reserve",
    };

    public static IReadOnlyList<Scenario> All() =>
    [
        new("hot", "1 SKU-store, every caller on it", 1, AmpleUnitsPerKey, ScenarioWorkload.Reserve, KeyPicker.Single),
        new("uniform", $"{CatalogueKeyCount:N0} SKU-stores, uniform picks", CatalogueKeyCount, AmpleUnitsPerKey,
            ScenarioWorkload.Reserve, () => KeyPicker.Uniform(CatalogueKeyCount)),
        new("zipf", $"{CatalogueKeyCount:N0} SKU-stores, Zipf picks (s = {ZipfExponent})", CatalogueKeyCount, AmpleUnitsPerKey,
            ScenarioWorkload.Reserve, () => KeyPicker.Zipf(CatalogueKeyCount, ZipfExponent)),
        new("confirm", "1 SKU-store, reserve then confirm the same id", 1, AmpleUnitsPerKey,
            ScenarioWorkload.ReserveThenConfirm, KeyPicker.Single),
        new("expire", "1 SKU-store, reserve then expire the same id", 1, AmpleUnitsPerKey,
            ScenarioWorkload.ReserveThenExpire, KeyPicker.Single),
        new("sellout", $"1 SKU-store with {SellOutUnits:N0} units, callers reserve until out of stock (no warm-up, ends when sold out)", 1, SellOutUnits,
            ScenarioWorkload.SellOut, KeyPicker.Single),
    ];
}
