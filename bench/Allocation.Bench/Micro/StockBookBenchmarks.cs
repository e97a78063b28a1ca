using Allocation.Contracts.Stock;
using Allocation.Grains.Stock;
using BenchmarkDotNet.Attributes;

namespace Allocation.Bench.Micro;

/// <summary>
/// The in-memory decision path of one SKU-store: decide a hold, build its ledger entry, apply it; then release it.
/// Baseline: the usual in-process approach, a lock around a dictionary of holds and a counter, with no ledger entry,
/// no expiry index and no invariant checks. Run: dotnet run -c Release --project bench/Allocation.Bench -- micro --filter '*StockBook*'
/// </summary>
[MemoryDiagnoser]
public class StockBookBenchmarks
{
    private const int ReservationIds = 1_024;
    private const long Now = 1_800_000_000_000;
    private readonly string[] ids = Enumerable.Range(0, ReservationIds).Select(index => $"R{index:D6}").ToArray();
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> naiveHolds = new(ReservationIds, StringComparer.Ordinal);
    private StockBook book = null!;
    private int naiveAvailable;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        book = new StockBook(new StockKey("default", "SKU-1", "S001"));
        book.TryMove(MovementKind.Receipt, 1_000_000, "grn", null, Now, out _, out _);
        naiveAvailable = 1_000_000;
        // Warm the collections to their steady-state size so the measured path does not include their growth.
        foreach (var id in ids)
        {
            HoldAndRelease(id);
        }
    }

    [Benchmark(Baseline = true, Description = "baseline: lock + dictionary")]
    public bool NaiveHoldAndRelease()
    {
        var id = ids[next++ & (ReservationIds - 1)];
        lock (gate)
        {
            if (naiveAvailable < 1 || !naiveHolds.TryAdd(id, 1))
            {
                return false;
            }

            naiveAvailable -= 1;
        }

        lock (gate)
        {
            naiveAvailable += naiveHolds[id];
            return naiveHolds.Remove(id);
        }
    }

    [Benchmark(Description = "ours: StockBook hold + release with ledger entries")]
    public bool StockBookHoldAndRelease() => HoldAndRelease(ids[next++ & (ReservationIds - 1)]);

    private bool HoldAndRelease(string id)
    {
        var held = book.TryHold(id, 1, 60, Now + 1, Now, out _, out _);
        var released = book.TryRelease(id, Now, out _, out _);
        book.TryExpireNext(Now + 1, out _);
        book.Prune(Now, retentionMs: 0);
        return held && released;
    }
}
