namespace Allocation.Bench.Http;

/// <summary>Everything one run measured and checked, gathered target by target for the report at the end.</summary>
internal sealed class HttpRunResults
{
    public List<RowResult> WarmUp { get; } = [];

    public List<RowResult> Closed { get; } = [];

    public List<RowResult> Open { get; } = [];

    public List<VerificationReport> Reports { get; } = [];

    public List<string> TargetErrors { get; } = [];

    public void Add(TargetRows rows, VerificationReport report)
    {
        WarmUp.AddRange(rows.WarmUp);
        Closed.AddRange(rows.Closed);
        Open.AddRange(rows.Open);
        Reports.Add(report);
    }
}
