namespace Allocation.Grains.Stock;

/// <summary>
/// The grain-storage snapshot of a SKU-store up to ledger entry <see cref="Sequence"/>; entries after it are replayed
/// from the ledger on activation. Mutable with a parameterless constructor because Orleans grain state needs one.
/// </summary>
[GenerateSerializer, Alias("allocation.stock-snapshot.v1")]
internal sealed class StockSnapshot
{
    [Id(0)] public long Sequence { get; set; }
    [Id(1)] public int OnHand { get; set; }
    [Id(2)] public int Held { get; set; }
    [Id(3)] public int Committed { get; set; }
    [Id(4)] public int SafetyStock { get; set; }
    [Id(5)] public List<HoldSnapshot> Holds { get; set; } = [];
    [Id(6)] public List<DocumentSnapshot> Documents { get; set; } = [];
    [Id(7)] public int InTransit { get; set; }
}
