namespace Allocation.Bench.Reservations;

/// <summary>One cell group of the table: a scenario run on a target, with its figures and whatever checks failed.</summary>
internal sealed record ScenarioResult(
    string ScenarioName,
    string TargetName,
    string OperationName,
    ScenarioWorkload Workload,
    long MeasuredOperations,
    double MeasuredSeconds,
    double OperationsPerSecond,
    long P50Microseconds,
    long P99Microseconds,
    long Granted,
    long Rejected,
    IReadOnlyList<string> Failures,
    IReadOnlyList<string> Notes)
{
    public bool Passed => Failures.Count == 0;
}
