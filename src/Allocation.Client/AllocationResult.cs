namespace Allocation.Client;

/// <summary>
/// A call's answer: its outcome, the value when there is one (on Ok; on Expired and Refused of a reservation, the
/// reservation as it now is), and the problem the service answered otherwise.
/// </summary>
public sealed record AllocationResult<T>(AllocationOutcome Outcome, int StatusCode, T? Value, ApiProblem? Problem)
{
    public bool IsOk => Outcome == AllocationOutcome.Ok;

    /// <summary>The value of an Ok answer; an InvalidOperationException naming the outcome otherwise (for callers that expect success).</summary>
    public T Require() => IsOk && Value is not null ? Value : throw new InvalidOperationException($"{Outcome}: {Problem}");

    public override string ToString() => IsOk ? $"Ok {StatusCode}" : $"{Outcome}: {Problem}";
}
