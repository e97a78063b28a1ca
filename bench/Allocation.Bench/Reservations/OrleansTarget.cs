using Allocation.Contracts.Stock;
using Allocation.Grains.Hosting;
using Allocation.Grains.Ledger;
using Allocation.Grains.Storage;
using Allocation.TestKit;
using Allocation.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Allocation.Bench.Reservations;

/// <summary>
/// "ours": stock grains on an in-process Orleans silo, durable on PostgreSQL (group-committed ledger + grain-storage
/// snapshots), called in-process. Totals are read back from the durable ledger and reconciled entry by entry.
/// </summary>
internal sealed class OrleansTarget : IReservationTarget
{
    private const string Tenant = "bench";
    private const string Store = "S001";
    private const int HoldTtlSeconds = 3_600;
    private const int ParallelReadsMax = 16;

    private readonly IHost host;
    private readonly ScratchDatabase database;
    private readonly IGrainFactory grains;
    private readonly ILedgerStore ledger;
    private IStockGrain[] stock = [];
    private StockKey[] keys = [];
    private int generation;

    private OrleansTarget(IHost host, ScratchDatabase database)
    {
        this.host = host;
        this.database = database;
        grains = host.Services.GetRequiredService<IGrainFactory>();
        ledger = host.Services.GetRequiredService<ILedgerStore>();
    }

    public static async Task<IReservationTarget> CreateAsync(ReservationTargetContext context, CancellationToken cancellationToken)
    {
        var database = await context.CreateScratchDatabaseAsync("ours", cancellationToken);
        await SchemaMigrator.ApplyAsync(database.ConnectionString, cancellationToken);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: 21_111, gatewayPort: 31_000)
            .AddAllocationGrains(new AllocationStorage(database.ConnectionString)));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        await context.Log.WriteLineAsync("ours: silo started on PostgreSQL");
        return new OrleansTarget(host, database);
    }

    public async Task SetupAsync(int keyCount, int unitsPerKey, CancellationToken cancellationToken)
    {
        generation++;
        keys = Enumerable.Range(0, keyCount).Select(index => new StockKey(Tenant, $"G{generation}-SKU{index}", Store)).ToArray();
        stock = keys.Select(key => grains.GetGrain<IStockGrain>(key.ToGrainKey())).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, keyCount), cancellationToken, async (index, _) =>
        {
            var result = await stock[index].Move(new MovementRequest(MovementKind.Receipt, unitsPerKey, "bench-opening-stock"));
            if (result.Outcome != MovementOutcome.Applied)
            {
                throw new InvalidOperationException($"opening stock of {keys[index]}: {result.Outcome}");
            }
        });
    }

    public async ValueTask<bool> ReserveAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken)
    {
        var result = await stock[keyIndex].Hold(new HoldRequest(reservationId, quantity, HoldTtlSeconds));
        return result.Outcome switch
        {
            HoldOutcome.Held => true,
            HoldOutcome.InsufficientStock => false,
            _ => throw new InvalidOperationException($"hold {reservationId} on {keys[keyIndex]}: {result.Outcome}"),
        };
    }

    public async ValueTask<bool> ConfirmAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken) =>
        (await stock[keyIndex].Confirm(reservationId)).Outcome == TransitionOutcome.Done;

    public async ValueTask<bool> ExpireAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken) =>
        (await stock[keyIndex].Release(reservationId)).Outcome == TransitionOutcome.Done;

    /// <summary>Rebuilds every key's counts from its durable ledger, checks the ledger reconciles and matches the grain.</summary>
    public async Task<TargetTotals> ReadTotalsAsync(CancellationToken cancellationToken)
    {
        var onHand = new long[keys.Length];
        var held = new long[keys.Length];
        var committed = new long[keys.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Length), new ParallelOptions { MaxDegreeOfParallelism = ParallelReadsMax, CancellationToken = cancellationToken }, async (index, token) =>
        {
            var entries = await ledger.ReadAsync(keys[index], 0, int.MaxValue, token);
            var rebuilt = LedgerFold.Rebuild(entries);
            var view = await stock[index].GetView();
            if (!rebuilt.Reconciles || rebuilt.Counts.ToContract() != view.Counts)
            {
                throw new InvalidOperationException($"{keys[index]}: ledger gives {rebuilt.Counts} ({rebuilt.Problem ?? "reconciles"}), grain has {view.Counts}");
            }

            (onHand[index], held[index], committed[index]) = (rebuilt.Counts.OnHand, rebuilt.Counts.Held, rebuilt.Counts.Committed);
        });
        return new TargetTotals(onHand, held, committed);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await database.DisposeAsync();
    }
}

internal static partial class ReservationTargetCatalog
{
    static partial void AddOurs(List<ReservationTargetFactory> factories) =>
        factories.Add(new ReservationTargetFactory(
            OursName,
            "Orleans stock grains on PostgreSQL: decide in one grain turn, group-commit the ledger (one INSERT of arrays per batch, two batches in flight), answer when durable",
            OrleansTarget.CreateAsync));
}
