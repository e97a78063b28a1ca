using Microsoft.Extensions.Logging;

namespace Allocation.Grains.Ledger;

/// <summary>
/// One pass over the owners of one kind of record in one status, written before a cutoff (work cut off half-way, an
/// order due to expire): each owner is handed to its grain, read a page at a time with a cursor so a pass reaches every
/// due owner. One that fails is logged and left for the next pass; it does not hold up the others.
/// </summary>
internal sealed class RecordSweep(GrainRecords records, ILogger logger)
{
    /// <summary>Returns how many owners <paramref name="visit"/> answered true for.</summary>
    public async Task<int> RunAsync(
        string kind, string status, DateTimeOffset updatedBefore, int pageSize, string purpose, Func<RecordOwner, Task<bool>> visit, CancellationToken cancellationToken)
    {
        var done = 0;
        await foreach (var owner in records.EachAsync(kind, status, updatedBefore, pageSize, cancellationToken))
        {
            try
            {
                done += await visit(owner) ? 1 : 0;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "{Purpose} of {Kind} {Key} failed; the next pass retries", purpose, kind, owner.OwnerKey);
            }
        }

        return done;
    }
}
