using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;
using Allocation.Verification;

namespace Allocation.Tests.Stock;

/// <summary>
/// Many callers race reserves, confirms, releases, picks, expiries, receipts, counts and store sales on a few
/// SKU-stores. The operation mix is seeded (the interleaving is the scheduler's); afterwards nothing is oversold,
/// no count is negative, every held or committed unit belongs to exactly one reservation, and the ledger rebuilds
/// the counts.
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class RandomizedConcurrencyTests(InMemoryClusterFixture fixture)
{
    private const int Seed = 20_261_125;
    private const int Workers = 32;
    private const int OperationsPerWorker = 120;
    private const int KeyCount = 3;

    [Fact]
    public async Task RandomOperations_ManyConcurrentCallers_NoOversellAndLedgerReconciles()
    {
        var keys = Enumerable.Range(0, KeyCount).Select(index => Keys.NewStock($"S00{index}")).ToArray();
        foreach (var key in keys)
        {
            await Grain(key).Move(new MovementRequest(MovementKind.Receipt, 40, Keys.NewId("grn")));
        }

        var workers = Enumerable.Range(0, Workers).Select(worker => RunWorkerAsync(keys, new Random(Seed + worker))).ToArray();
        var held = (await Task.WhenAll(workers)).SelectMany(list => list).ToList();

        foreach (var key in keys)
        {
            await AssertConsistentAsync(key, held.Where(item => item.Key == key).ToList());
        }
    }

    private async Task<List<(StockKey Key, string ReservationId, int Quantity)>> RunWorkerAsync(StockKey[] keys, Random random)
    {
        var mine = new List<(StockKey Key, string ReservationId, int Quantity)>();
        for (var operation = 0; operation < OperationsPerWorker; operation++)
        {
            var key = keys[random.Next(keys.Length)];
            var roll = random.Next(100);
            var known = mine.Count > 0 ? mine[random.Next(mine.Count)] : default;
            switch (roll)
            {
                case < 40:
                    var id = Keys.NewId("R");
                    var quantity = random.Next(1, 4);
                    var result = await Grain(key).Hold(new HoldRequest(id, quantity, random.Next(30, 300)));
                    Assert.True(result.Outcome is HoldOutcome.Held or HoldOutcome.InsufficientStock, result.ToString());
                    if (result.Outcome == HoldOutcome.Held)
                    {
                        mine.Add((key, id, quantity));
                    }

                    break;
                case < 55 when known.ReservationId is not null:
                    await Grain(known.Key).Confirm(known.ReservationId);
                    break;
                case < 68 when known.ReservationId is not null:
                    await Grain(known.Key).Release(known.ReservationId);
                    break;
                case < 73 when known.ReservationId is not null:
                    await Grain(known.Key).Pick(known.ReservationId);
                    break;
                case < 83:
                    await Grain(key).Move(new MovementRequest(MovementKind.Receipt, random.Next(1, 8), Keys.NewId("grn")));
                    break;
                case < 87:
                    await Grain(key).Move(new MovementRequest(MovementKind.Count, random.Next(0, 30), Keys.NewId("count")));
                    break;
                case < 93:
                    await Grain(key).Move(new MovementRequest(MovementKind.Sale, random.Next(1, 3), Keys.NewId("pos")));
                    break;
                default:
                    fixture.Time.Advance(TimeSpan.FromSeconds(random.Next(5, 60)));
                    break;
            }
        }

        return mine;
    }

    private async Task AssertConsistentAsync(StockKey key, List<(StockKey Key, string ReservationId, int Quantity)> held)
    {
        var view = await Grain(key).GetView();
        var counts = view.Counts;
        Assert.True(counts.OnHand >= 0 && counts.Held >= 0 && counts.Committed >= 0, counts.ToString());

        var statuses = await Task.WhenAll(held.Select(item => Grain(key).GetHoldStatus(item.ReservationId)));
        Assert.DoesNotContain(null, statuses);
        int UnitsIn(HoldStatus status) => held.Zip(statuses).Where(pair => pair.Second == status).Sum(pair => pair.First.Quantity);
        Assert.Equal(UnitsIn(HoldStatus.Held), counts.Held);
        Assert.Equal(UnitsIn(HoldStatus.Committed), counts.Committed);

        var entries = await fixture.Cluster.Get<ILedgerStore>().ReadAsync(key, 0, int.MaxValue, CancellationToken.None);
        var rebuilt = LedgerFold.Rebuild(entries);
        Assert.True(rebuilt.Reconciles, rebuilt.Problem);
        Assert.Equal(counts, rebuilt.Counts.ToContract());
        Assert.Equal(view.LedgerSequence, rebuilt.Sequence);
        Assert.Contains(entries, entry => entry.Kind == LedgerEntryKind.Expire);
    }

    private IStockGrain Grain(StockKey key) => fixture.Client.GetGrain<IStockGrain>(key.ToGrainKey());
}
