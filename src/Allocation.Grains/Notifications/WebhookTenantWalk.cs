using Allocation.Grains.Common;
using Allocation.Grains.Ledger;

namespace Allocation.Grains.Notifications;

/// <summary>
/// The tenants with an active webhook, read a page of <c>pageRows</c> webhook rows at a time with a cursor, so delivery
/// reaches every tenant however many there are. Each walk continues after the tenant taken last and wraps round once,
/// giving each tenant at most once: when slow receivers fill every delivery slot, the next pass starts with the tenants
/// that did not get a turn. Rows are in (last written, tenant) order; a row rewritten during a walk only moves further
/// ahead, so no tenant is skipped.
/// </summary>
internal sealed class WebhookTenantWalk(ILedgerStore store, int pageRows)
{
    private RecordCursor? takenLast;

    /// <summary>
    /// Tenants in turn. A caller that stops early takes the tenant it was given: the next walk starts after it, so
    /// check for room before asking for the next one.
    /// </summary>
    public async IAsyncEnumerable<string> TenantsAsync(DateTimeOffset now, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var origin = takenLast;
        var wrapped = origin is null;
        var given = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = await store.PageRecordOwnersAsync(StorageNames.WebhookRecord, WebhookGrain.WebhookStatus, now.AddYears(100), takenLast, pageRows, cancellationToken);
            foreach (var listed in page)
            {
                if (wrapped && origin is { } start && !IsBefore(listed.Position, start))
                {
                    yield break;
                }

                takenLast = listed.Position;
                if (given.Add(listed.Owner.OwnerKey))
                {
                    yield return listed.Owner.OwnerKey;
                }
            }

            if (page.Count < pageRows)
            {
                takenLast = null;
                if (wrapped)
                {
                    yield break;
                }

                wrapped = true;
            }
        }
    }

    private static bool IsBefore(RecordCursor position, RecordCursor start) =>
        position.UpdatedAtUnixMilliseconds < start.UpdatedAtUnixMilliseconds
        || (position.UpdatedAtUnixMilliseconds == start.UpdatedAtUnixMilliseconds && string.CompareOrdinal(position.OwnerKey, start.OwnerKey) <= 0);
}
