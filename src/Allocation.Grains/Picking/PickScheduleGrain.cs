using Allocation.Contracts.Picking;
using Allocation.Contracts.Sourcing;
using Allocation.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Allocation.Grains.Picking;

/// <summary>
/// One store's pick schedule. Not reentrant: each change is decided and stored before the next call runs. Writes are
/// rare by nature: a store books at most its pick capacity per hour, a few hundred picks a day.
/// </summary>
internal sealed class PickScheduleGrain(
    [PersistentState(StorageNames.PickScheduleState, StorageNames.GrainStorage)] IPersistentState<PickScheduleState> state,
    AllocationClock clock,
    ILogger<PickScheduleGrain> logger) : Grain, IPickScheduleGrain
{
    private PickSchedule schedule = null!;
    private string storeId = "";
    private IPickLoadGrain loadIndex = null!;
    private long publishedSequence = -1;
    private Task publishing = Task.CompletedTask;
    private IGrainTimer? expiryTimer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = StoreKey.FromGrainKey(this.GetPrimaryKeyString());
        storeId = key.StoreId;
        loadIndex = GrainFactory.GetGrain<IPickLoadGrain>(key.TenantId);
        // Wall-clock ticks start the sequence above every earlier activation's (it is not stored), so the index keeps
        // accepting this store's reports after a restart.
        schedule = PickSchedule.FromState(state.State, DateTime.UtcNow.Ticks);
        // Not awaited: the index may be activating and asking this store for its load.
        schedule.Expire(clock.UtcNow);
        _ = PublishAsync();
        ArmExpiryTimer();
        return Task.CompletedTask;
    }

    public async Task<PickBookingResult> Book(PickBookingRequest request)
    {
        ExpireDue();
        var sequence = schedule.Sequence;
        var result = schedule.Book(request, clock.UtcNow);
        if (schedule.Sequence != sequence)
        {
            await SaveAsync();
        }

        return result;
    }

    public async Task<bool> Confirm(string reservationId)
    {
        // Confirmed before lapsed bookings are dropped: the stock grains accepted the payment, so a booking whose
        // deadline passed a moment ago still belongs to the order (only one the expiry timer already dropped is lost).
        var sequence = schedule.Sequence;
        var confirmed = schedule.Confirm(reservationId);
        ExpireDue();
        if (schedule.Sequence != sequence)
        {
            await SaveAsync();
        }

        return confirmed;
    }

    public async Task Release(string reservationId)
    {
        ExpireDue();
        if (schedule.Release(reservationId))
        {
            await SaveAsync();
        }
    }

    public Task<IReadOnlyList<HourLoad>> GetLoad()
    {
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

    /// <summary>Stores the change, then answers only once the load index has it, so the next plan sees this booking.</summary>
    private async Task SaveAsync()
    {
        state.State = schedule.ToState();
        await state.WriteStateAsync();
        ArmExpiryTimer();
        await PublishAsync();
    }

    /// <summary>Tells the tenant's load index; one report in flight at a time, changes meanwhile coalesced into the next.</summary>
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
