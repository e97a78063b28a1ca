using Allocation.Contracts;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Sourcing;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Allocation.Grains.Picking;

/// <summary>
/// One store's pick schedule. Reentrant, as a stock grain: each change is decided and its record appended within one
/// turn (no await between reading and changing the schedule), then the call awaits the group commit, so no durable
/// wait holds the store's schedule and many bookings share one batch. Each booking
/// is a grain record of its own, written through the ledger's group commit, so a booking costs one small row, not a
/// rewrite of the store's schedule. A write that fails leaves no trace: the activation stops serving and the next call
/// reloads what is stored.
/// </summary>
[Reentrant]
internal sealed class PickScheduleGrain(
    GrainRecords records,
    AllocationClock clock,
    ILogger<PickScheduleGrain> logger) : Grain, IPickScheduleGrain
{
    private PickSchedule schedule = null!;
    private string storeId = "";
    private IPickLoadGrain loadIndex = null!;
    private long publishedSequence = -1;
    private Task publishing = Task.CompletedTask;
    private IGrainTimer? expiryTimer;
    private RecordOwner recordOwner;
    private DurableActivation activation = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var grainKey = this.GetPrimaryKeyString();
        var key = StoreKey.FromGrainKey(grainKey);
        storeId = key.StoreId;
        activation = new DurableActivation(this, $"pick schedule of {storeId}");
        loadIndex = GrainFactory.GetGrain<IPickLoadGrain>(key.TenantId);
        recordOwner = new RecordOwner(StorageNames.PickBookingRecord, grainKey);
        var stored = await records.ReadAsync<PickBookingRecord>(recordOwner);
        // Wall-clock ticks start the sequence above every earlier activation's (it is not stored), so the index keeps
        // accepting this store's reports after a restart.
        schedule = PickSchedule.FromBookings(stored.Select(record => record.Value), DateTime.UtcNow.Ticks);
        // Not awaited: the index may be activating and asking this store for its load.
        schedule.Expire(clock.UtcNow);
        _ = PublishAsync();
        ArmExpiryTimer();
    }

    public async Task<PickBookingResult> Book(PickBookingRequest request)
    {
        activation.EnsureServing();
        ExpireDue();
        var sequence = schedule.Sequence;
        var result = schedule.Book(request, clock.UtcNow);
        if (schedule.Sequence != sequence)
        {
            await Save(request.ReservationId);
        }

        return result;
    }

    public async Task<bool> Confirm(string reservationId)
    {
        activation.EnsureServing();
        // Confirmed before lapsed bookings are dropped: the stock grains accepted the payment, so a booking whose
        // deadline passed a moment ago still belongs to the order (only one the expiry timer already dropped is lost).
        var before = schedule.BookingOf(reservationId);
        var confirmed = schedule.Confirm(reservationId);
        ExpireDue();
        if (schedule.BookingOf(reservationId) != before)
        {
            await Save(reservationId);
        }

        return confirmed;
    }

    public async Task Release(string reservationId)
    {
        activation.EnsureServing();
        ExpireDue();
        if (schedule.Release(reservationId))
        {
            await Save(reservationId);
        }
    }

    public Task<IReadOnlyList<HourLoad>> GetLoad()
    {
        activation.EnsureServing();
        // Read-only: lapsed bookings are left for the next change to drop, only hidden here.
        var now = clock.UtcNow;
        var future = schedule.Load(storeId).Where(load => load.HourStart.AddHours(1) > now).ToList();
        return Task.FromResult<IReadOnlyList<HourLoad>>(future);
    }

    private void ExpireDue()
    {
        // Lapsed bookings need no write: they lapse again by the same rule when the state is read back.
        if (schedule.Expire(clock.UtcNow))
        {
            _ = PublishAsync();
        }
    }

    /// <summary>
    /// Appends the changed booking of one reservation (or its removal) at once, in the deciding turn, and returns its
    /// durability. The load index hears of it one-way: it is advisory, this grain decides every booking, and a plan
    /// made on a stale index is refused here and planned again. Lapsed bookings need no write: they lapse again when
    /// read back.
    /// </summary>
    private Task Save(string reservationId)
    {
        var key = new RecordKey(recordOwner, reservationId);
        var booking = schedule.BookingOf(reservationId);
        var durable = booking is null ? records.RemoveAsync(key) : records.WriteAsync(key, booking, null);
        ArmExpiryTimer();
        _ = PublishAsync();
        // If it is lost, memory differs from what is stored: the activation stops serving and reloads on the next call.
        return activation.WriteOrFailAsync(durable);
    }

    /// <summary>Tells the tenant's load index, one-way; changes made while a report is being sent are coalesced into the next.</summary>
    private Task PublishAsync()
    {
        if (publishing.IsCompleted)
        {
            publishing = PublishLoopAsync();
        }

        return publishing;
    }

    private async Task PublishLoopAsync()
    {
        try
        {
            while (publishedSequence != schedule.Sequence)
            {
                var sequence = schedule.Sequence;
                await loadIndex.Report(storeId, schedule.Load(storeId), sequence);
                publishedSequence = sequence;
            }
        }
        catch (Exception exception)
        {
            // Advisory only: this grain decides every booking; the next change reports again.
            logger.LogWarning(exception, "Pick load of {Store} not reported", storeId);
        }
    }

    private void ArmExpiryTimer()
    {
        if (schedule.NextExpiry is not { } next)
        {
            expiryTimer?.Dispose();
            expiryTimer = null;
            return;
        }

        var due = next - clock.UtcNow;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        if (expiryTimer is null)
        {
            expiryTimer = this.RegisterGrainTimer(OnExpiryTimerAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private Task OnExpiryTimerAsync(CancellationToken cancellationToken)
    {
        ExpireDue();
        ArmExpiryTimer();
        return Task.CompletedTask;
    }
}
