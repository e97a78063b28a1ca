using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// One store's orders: an index of its open order ids (each a grain record) with each order's view as last heard
/// (rules in <see cref="StoreOrderIndex"/>), the summaries of its most recently ended ones, and the waves started
/// here. An order tells its stores its view after every step it stores (<see cref="Changed"/>), so every list is built
/// from those views in memory and waits only for the orders with no view yet; it asks a rotating share of the others
/// beside it, not waited for (<see cref="StoreOrderIndex.NextAsk"/>): a lost tell leaves a view stale for a few lists,
/// never a wrong step, since every step is decided by the order itself. An order that ends leaves the index, so a list
/// costs what is open now; a newly tracked order is asked at once, so its first activation is not paid by the next
/// pick list. Waves are stored before their orders are told, so a wave cut off half-way is finished by the repeat of
/// its request; a wave ends when none of its lines is left to pick (rules in <see cref="StoreWaves"/>) and is deleted
/// after <see cref="RetentionOptions.WaveRetentionDays"/>.
/// </summary>
internal sealed class StoreOrdersGrain(
    GrainRecords records,
    IOptions<FulfilmentOptions> options,
    IOptions<RetentionOptions> retention,
    AllocationClock clock,
    ILogger<StoreOrdersGrain> logger) : Grain, IStoreOrdersGrain
{
    /// <summary>Pick order: pick hour, ready-by, order, SKU (<see cref="PickOrder"/>).</summary>
    private static readonly Comparer<PickLine> PickOrderComparer = Comparer<PickLine>.Create(PickOrder);

    private StoreWaves waves = null!;
    private StoreOrderIndex index = null!;
    private string tenantId = "";
    private string storeId = "";
    private RecordOwner ordersOwner;
    private RecordOwner endedOwner;
    private RecordOwner wavesOwner;
    private RecordOwner waveNumberOwner;

    /// <summary>
    /// The index rows of the orders lists saw ended, being written off the lists' path (the index in memory moved on
    /// already; a lost write only brings a row back on the next activation, see <see cref="AskAndNoteAsync"/>). A
    /// deactivation waits for them.
    /// </summary>
    private Task retiring = Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var grainKey = this.GetPrimaryKeyString();
        (tenantId, storeId) = StoreKey.FromGrainKey(grainKey);
        ordersOwner = new RecordOwner(StorageNames.StoreOrderRecord, grainKey);
        endedOwner = new RecordOwner(StorageNames.StoreEndedOrderRecord, grainKey);
        wavesOwner = new RecordOwner(StorageNames.StoreWaveRecord, grainKey);
        waveNumberOwner = new RecordOwner(StorageNames.StoreWaveNumberRecord, grainKey);
        index = new StoreOrderIndex(storeId, retention.Value.StoreEndedOrdersListedMax);
        waves = new StoreWaves(storeId, retention.Value.WaveRetentionDays);
        var open = await records.ReadAsync<bool>(ordersOwner);
        var ended = await records.ReadAsync<EndedStoreOrder>(endedOwner);
        index.Restore(open.Select(item => item.ItemKey), ended.Select(item => item.Value));
        var numberMax = (await records.ReadAsync<int>(waveNumberOwner)).Select(item => item.Value).DefaultIfEmpty(0).Max();
        waves.Restore((await records.ReadAsync<StoreWaveRecord>(wavesOwner)).Select(item => item.Value), numberMax, clock.UtcNow);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => retiring;

    public async Task Track(string orderId)
    {
        if (!index.Track(orderId))
        {
            return;
        }

        try
        {
            await records.WriteAsync(new RecordKey(ordersOwner, orderId), true, null);
        }
        catch
        {
            index.Forget(orderId);
            throw;
        }

        _ = LearnAsync(orderId);
    }

    /// <summary>
    /// Asks a newly tracked order for its view at once, not awaited: the order activates and sees its lines committed
    /// when it is paid, not in the burst of the store's next pick list. Only a view is noted: an order not readable yet
    /// (its opening still being stored) stays tracked, and one that cannot answer now is asked by the next list.
    /// </summary>
    private async Task LearnAsync(string orderId)
    {
        var askedAt = index.HeardCount;
        if ((await AskAsync(orderId)).View is { } view)
        {
            index.Seen(view, askedAt);
        }
    }

    public Task Changed(OrderView order)
    {
        if (!StoreOrderIndex.IsEnded(order.State))
        {
            index.Told(order);
        }
        else if (index.IsOpen(order.OrderId))
        {
            retiring = Task.WhenAll(retiring, StoredOrLoggedAsync([Retire(order)]));
        }

        return Task.CompletedTask;
    }

    public async Task<PickList> GetPickList()
    {
        var lines = await PickLinesAsync();
        var linesByWave = lines.Where(line => line.WaveId is not null).GroupBy(line => line.WaveId!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(line => line.Line).ToList(), StringComparer.Ordinal);
        var listed = waves.All
            .Where(wave => linesByWave.ContainsKey(wave.WaveId))
            .Select(wave => new PickWave(wave.WaveId, storeId, wave.StartedAt, wave.OrderIds, linesByWave[wave.WaveId]))
            .ToList();
        return new PickList(storeId, options.Value.WaveOrdersMax, listed, [.. lines.Where(line => line.WaveId is null).Select(line => line.Line)]);
    }

    public async Task<WaveStart> StartWave(string requestId)
    {
        if (waves.ByRequest(requestId) is { } started)
        {
            // A repeat: tell the orders again (a wave cut off half-way is finished), answer the same wave.
            await TellOrdersAsync(started);
            return new WaveStart(true, true, await WaveOf(started));
        }

        var unassigned = (await PickLinesAsync()).Where(line => line.WaveId is null).ToList();
        var chosen = unassigned.Select(line => line.Line.OrderId).Distinct(StringComparer.Ordinal).Take(options.Value.WaveOrdersMax).ToList();
        if (chosen.Count == 0)
        {
            return new WaveStart(false, false, new PickWave(null, storeId, null, [], []));
        }

        var wave = waves.Next(requestId, chosen, clock.UtcNow);
        // The wave and the highest number given, in one batch: a number is never handed out twice.
        await records.WriteAllAsync([
            records.Write(new RecordKey(wavesOwner, wave.WaveId), wave, wave.Status),
            records.Write(new RecordKey(waveNumberOwner, ""), wave.Number, null)]);
        waves.Add(wave);
        await TellOrdersAsync(wave);
        return new WaveStart(true, false, await WaveOf(wave));
    }

    public async Task<TransferList> GetTransfers()
    {
        await RefreshAsync();
        var views = index.Views.ToList();
        var outbound = views.SelectMany(order => order.Lines.Where(line => line.SourceStoreId == storeId && order.PickupStoreId != storeId && line.State == OrderLineState.Picked)
            .Select(line => Transfer(order, line)));
        var inbound = views.Where(order => order.PickupStoreId == storeId).SelectMany(order => order.Lines.Where(line => line.State == OrderLineState.InTransit)
            .Select(line => Transfer(order, line)));
        return new TransferList(storeId, [.. outbound.OrderBy(line => line.ReadyBy).ThenBy(line => line.OrderId, StringComparer.Ordinal)], [.. inbound.OrderBy(line => line.ReadyBy).ThenBy(line => line.OrderId, StringComparer.Ordinal)]);
    }

    public async Task<StoreOrderList> GetOrders(OrderState? state)
    {
        await RefreshAsync();
        var open = index.Views.Where(order => order.PickupStoreId == storeId).Select(StoreOrderIndex.SummaryOf).ToList();
        var ended = index.Ended.Select(order => order.Summary).ToList();
        // Ended states count the recently ended orders the store still lists (RetentionOptions.StoreEndedOrdersListedMax).
        var counts = Enum.GetValues<OrderState>().ToDictionary(each => each, each => open.Count(order => order.State == each) + ended.Count(order => order.State == each));
        var listed = (state is { } wanted ? open.Concat(ended).Where(order => order.State == wanted) : open)
            .OrderBy(order => order.CollectBy ?? order.ReadyBy).ThenBy(order => order.OrderId, StringComparer.Ordinal)
            .ToList();
        return new StoreOrderList(storeId, state, counts, listed);
    }

    private static TransferLine Transfer(OrderView order, OrderLineView line) =>
        new(order.OrderId, line.Sku, line.Picked, line.SourceStoreId, order.PickupStoreId, line.State, order.ReadyBy);

    /// <summary>Committed lines at this store in pick order: pick hour, ready-by, order, SKU (lines with no booked hour last).</summary>
    private List<(PickLine Line, string? WaveId)> PickLinesOf(IEnumerable<OrderView> views) =>
        [.. views.SelectMany(order => order.Lines.Where(line => line.SourceStoreId == storeId && line.State == OrderLineState.Committed)
                .Select(line => (Line: new PickLine(order.OrderId, line.Sku, line.Quantity, order.PickupStoreId, line.PickHour, order.ReadyBy, line.State), line.WaveId)))
            .OrderBy(item => item.Line, PickOrderComparer)];

    private static int PickOrder(PickLine first, PickLine second)
    {
        var byHour = (first.PickHour ?? DateTimeOffset.MaxValue).CompareTo(second.PickHour ?? DateTimeOffset.MaxValue);
        var byReadyBy = byHour != 0 ? byHour : (first.ReadyBy ?? DateTimeOffset.MaxValue).CompareTo(second.ReadyBy ?? DateTimeOffset.MaxValue);
        var byOrder = byReadyBy != 0 ? byReadyBy : string.CompareOrdinal(first.OrderId, second.OrderId);
        return byOrder != 0 ? byOrder : string.CompareOrdinal(first.Sku, second.Sku);
    }

    /// <summary>
    /// The pick lines of the open orders as last heard; waves left without lines end (only when every order without a
    /// view answered, so an order that cannot answer never ends its wave), and ended ones past their window go.
    /// </summary>
    private async Task<List<(PickLine Line, string? WaveId)>> PickLinesAsync()
    {
        var allAnswered = await RefreshAsync();
        var lines = PickLinesOf(index.Views);
        var now = clock.UtcNow;
        var changed = waves.Settle(lines.Select(line => line.WaveId).OfType<string>().ToHashSet(StringComparer.Ordinal), allAnswered, now);
        try
        {
            if (changed.Count > 0)
            {
                await records.WriteAllAsync([.. changed.Select(wave => records.Write(new RecordKey(wavesOwner, wave.WaveId), wave, wave.Status))]);
            }

            waves.Apply(changed, now);
        }
        catch (Exception exception)
        {
            // Nothing kept in memory: the next list settles these waves again.
            logger.LogWarning(exception, "Ended waves of {StoreId} not stored; the next list retries", storeId);
        }

        return lines;
    }

    private async Task<PickWave> WaveOf(StoreWaveRecord wave)
    {
        var views = await Task.WhenAll(wave.OrderIds.Select(ViewOrNullAsync));
        var lines = PickLinesOf(views.OfType<OrderView>()).Where(line => line.WaveId == wave.WaveId).Select(line => line.Line).ToList();
        return new PickWave(wave.WaveId, storeId, wave.StartedAt, wave.OrderIds, lines);
    }

    /// <summary>Tells each order of the wave; one that cannot answer now is told again by the repeat of the wave's request.</summary>
    private Task TellOrdersAsync(StoreWaveRecord wave) =>
        Task.WhenAll(wave.OrderIds.Select(async id =>
        {
            try
            {
                await Order(id).StartPicking(new StoreAction(wave.WaveId, storeId));
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Order {OrderId} not told of wave {WaveId} at {StoreId}; the wave's repeat tells it again", id, wave.WaveId, storeId);
            }
        }));

    /// <summary>
    /// Asks the orders the next list needs (<see cref="StoreOrderIndex.NextAsk"/>): it waits for those not heard from
    /// yet and asks the recheck share beside it (their answers correct the views for the lists after). True when every
    /// order waited for answered.
    /// </summary>
    private async Task<bool> RefreshAsync()
    {
        var (unheard, recheck) = index.NextAsk();
        if (recheck.Count > 0)
        {
            _ = AskAndNoteAsync(recheck);
        }

        var allAnswered = await AskAndNoteAsync(unheard);
        // An answer asked for before a track that came meanwhile is not noted (it may predate the line the track
        // announced; the confirm's own track can come after the store read its rows): those are asked once more.
        var again = unheard.Where(id => index.IsOpen(id) && !index.IsHeard(id)).ToList();
        return await AskAndNoteAsync(again) && allAnswered;
    }

    /// <summary>
    /// Asks <paramref name="orderIds"/> and notes their answers; true when every one answered. Orders seen ended leave
    /// the index here (their summary kept when picked up here), and ids whose order no longer exists (past its
    /// retention) are dropped, so no list asks them again. The index is derived from the orders' answers: a row whose
    /// removal is lost comes back on the next activation and leaves again on its next list, so the list does not wait
    /// for those writes.
    /// </summary>
    private async Task<bool> AskAndNoteAsync(IReadOnlyList<string> orderIds)
    {
        if (orderIds.Count == 0)
        {
            return true;
        }

        var askedAt = index.HeardCount;
        var answers = await Task.WhenAll(orderIds.Select(AskAsync));
        var writes = new List<Task>();
        foreach (var (orderId, view, answered) in answers)
        {
            if (view is not null && StoreOrderIndex.IsEnded(view.State))
            {
                if (index.IsOpen(orderId))
                {
                    // Not already retired by the order's own tell, which may have come while this list asked.
                    writes.Add(Retire(view));
                }
            }
            else if (view is null && answered && index.Forget(orderId))
            {
                writes.Add(records.RemoveAsync(new RecordKey(ordersOwner, orderId)));
            }
            else if (view is not null)
            {
                index.Seen(view, askedAt);
            }
        }

        retiring = Task.WhenAll(retiring, StoredOrLoggedAsync(writes));
        return answers.All(answer => answer.Answered);
    }

    private async Task StoredOrLoggedAsync(List<Task> writes)
    {
        try
        {
            await Task.WhenAll(writes);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Ended orders of {StoreId} not all removed from its stored index; the next activation retries", storeId);
        }
    }

    /// <summary>Moves an ended order out of the index in memory; the task writes its rows (summary kept, open row removed).</summary>
    private Task Retire(OrderView order)
    {
        var (kept, evicted) = index.Retire(order, clock.UtcNow);
        return StoreRetiredAsync(order.OrderId, kept, evicted);
    }

    private async Task StoreRetiredAsync(string orderId, EndedStoreOrder? kept, IReadOnlyList<string> evicted)
    {
        if (kept is not null)
        {
            await records.WriteAsync(new RecordKey(endedOwner, orderId), kept, null);
        }

        await records.RemoveAsync(new RecordKey(ordersOwner, orderId));
        await Task.WhenAll(evicted.Select(id => records.RemoveAsync(new RecordKey(endedOwner, id))));
    }

    private async Task<(string OrderId, OrderView? View, bool Answered)> AskAsync(string orderId)
    {
        try
        {
            return (orderId, await Order(orderId).Get(), true);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Order {OrderId} left out of the lists of {StoreId}: it did not answer", orderId, storeId);
            return (orderId, null, false);
        }
    }

    /// <summary>
    /// An order's view, or null when it cannot answer now (reloading, its database unreachable, a broken invariant):
    /// one order never takes its store's lists down; it is listed again as soon as it answers.
    /// </summary>
    private async Task<OrderView?> ViewOrNullAsync(string orderId) => (await AskAsync(orderId)).View;

    private IOrderGrain Order(string orderId) => GrainFactory.GetGrain<IOrderGrain>(new OrderKey(tenantId, orderId).ToGrainKey());
}
