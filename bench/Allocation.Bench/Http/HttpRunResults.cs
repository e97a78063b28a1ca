namespace Allocation.Bench.Http;

/// <summary>Everything one run measured and checked, gathered target by target for the report at the end.</summary>
internal sealed class HttpRunResults
{
    public List<RowResult> Closed { get; } = [];

    public List<RowResult> Open { get; } = [];

    public List<VerificationReport> Reports { get; } = [];

    public List<string> TargetErrors { get; } = [];

    public void Add((List<RowResult> Closed, List<RowResult> Open) rows, VerificationReport report)
    {
        Closed.AddRange(rows.Closed);
        Open.AddRange(rows.Open);
        Reports.Add(report);
    }
}
