namespace Allocation.Bench.Http;

/// <summary>The rows one target ran: the warm-up pass (not shown, but its holds are verified), closed loop, open model.</summary>
internal sealed record TargetRows(IReadOnlyList<RowResult> WarmUp, IReadOnlyList<RowResult> Closed, IReadOnlyList<RowResult> Open)
{
    public IReadOnlyList<RowResult> All => [.. WarmUp, .. Closed, .. Open];
}
