using Allocation.Contracts.Orders;
using Allocation.Contracts.Webhooks;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Notifications;

/// <summary>
/// A tenant's webhooks. Each delivery round posts, per webhook, the events after its position in feed order; an
/// acknowledged event moves the position on and the position is stored after the post, so a crash in between posts
/// it again (at least once; receivers dedup by event id). A failure stops that webhook's round and waits, doubling the
/// wait with each failure in a row up to the maximum; the other webhooks go on.
/// </summary>
internal sealed class WebhookGrain(GrainRecords records, WebhookSender sender, IOptions<WebhookOptions> options, AllocationClock clock) : Grain, IWebhookGrain
{
    private readonly Dictionary<string, WebhookRecord> webhooks = new(StringComparer.Ordinal);
    private RecordOwner owner;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        owner = new RecordOwner(StorageNames.WebhookRecord, this.GetPrimaryKeyString());
        foreach (var (name, value) in await records.ReadAsync<WebhookRecord>(owner))
        {
            webhooks[name] = value;
        }
    }

    public async Task<WebhookView?> Put(string name, WebhookSubscription subscription)
    {
        if (!webhooks.TryGetValue(name, out var current) && webhooks.Count >= WebhookLimits.WebhooksMax)
        {
            return null;
        }

        var record = new WebhookRecord
        {
            Url = subscription.Url,
            Secret = subscription.Secret,
            EventTypes = [.. subscription.EventTypes.Distinct(StringComparer.Ordinal)],
            CreatedAt = current?.CreatedAt ?? clock.UtcNow,
            DeliveredThrough = current?.DeliveredThrough ?? await NewestSequenceAsync(),
        };
        await StoreAsync(name, record);
        return View(name, record);
    }

    public Task<WebhookView?> Get(string name) => Task.FromResult(webhooks.TryGetValue(name, out var record) ? View(name, record) : null);

    public async Task<bool> Delete(string name)
    {
        if (!webhooks.ContainsKey(name))
        {
            return false;
        }

        await records.RemoveAsync(new RecordKey(owner, name));
        webhooks.Remove(name);
        return true;
    }

    public async Task<int> Deliver()
    {
        // A round starts no post after one request timeout: with a slow receiver the turn stays well inside Orleans'
        // call timeout, and the tenant's own admin calls wait at most about two request timeouts.
        var budgetEndsAt = clock.UtcNow.AddSeconds(options.Value.RequestTimeoutSeconds);
        var delivered = 0;
        foreach (var (name, record) in webhooks.ToList())
        {
            if (clock.UtcNow >= budgetEndsAt)
            {
                break;
            }

            if (record.NextAttemptAt is { } next && clock.UtcNow < next)
            {
                continue;
            }

            delivered += await DeliverAsync(name, record, budgetEndsAt);
        }

        return delivered;
    }

    private async Task<int> DeliverAsync(string name, WebhookRecord record, DateTimeOffset budgetEndsAt)
    {
        var events = await GrainFactory.GetGrain<IOrderEventsGrain>(this.GetPrimaryKeyString()).Read(record.DeliveredThrough, options.Value.EventsPerRoundMax);
        var delivered = 0;
        var passed = 0;
        foreach (var orderEvent in events)
        {
            if (clock.UtcNow >= budgetEndsAt)
            {
                break;
            }

            passed++;
            if (record.EventTypes.Count == 0 || record.EventTypes.Contains(orderEvent.Type))
            {
                if (await sender.SendAsync(record.Url, record.Secret, orderEvent) is { } failure)
                {
                    record.FailedAttempts++;
                    record.LastError = failure;
                    var delay = Math.Min(options.Value.RetryDelayMillisecondsInitial * Math.Pow(2, record.FailedAttempts - 1), options.Value.RetryDelaySecondsMax * 1000.0);
                    record.NextAttemptAt = clock.UtcNow.AddMilliseconds(delay);
                    await StoreAsync(name, record);
                    return delivered;
                }

                delivered++;
            }

            record.DeliveredThrough = orderEvent.Sequence;
            record.FailedAttempts = 0;
            record.NextAttemptAt = null;
            record.LastError = null;
        }

        if (passed > 0)
        {
            await StoreAsync(name, record);
        }

        return delivered;
    }

    /// <summary>
    /// The newest event's sequence: a new webhook hears of what happens from now on, not the history. One indexed read
    /// of the newest row, never a walk through the tenant's feed.
    /// </summary>
    private Task<long> NewestSequenceAsync() => records.NewestEventSequenceAsync(this.GetPrimaryKeyString(), CancellationToken.None);

    private async Task StoreAsync(string name, WebhookRecord record)
    {
        await records.WriteAsync(new RecordKey(owner, name), record, WebhookStatus);
        webhooks[name] = record;
    }

    /// <summary>The status every webhook record is stored with, so the delivery service finds the tenants that have one.</summary>
    public const string WebhookStatus = "active";

    private static WebhookView View(string name, WebhookRecord record) =>
        new(name, record.Url, record.EventTypes, record.CreatedAt, record.DeliveredThrough, record.FailedAttempts, record.NextAttemptAt, record.LastError);
}
