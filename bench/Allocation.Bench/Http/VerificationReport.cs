namespace Allocation.Bench.Http;

/// <summary>What the checks after the runs found on one target: how much they read, and every broken invariant (a few shown).</summary>
internal sealed class VerificationReport(string targetName)
{
    private const int FailuresShownMax = 10;
    private readonly Lock _gate = new();
    private readonly List<string> _failures = [];
    private long _failureCount;

    public string TargetName { get; } = targetName;

    public List<string> Checked { get; } = [];

    public long FailureCount { get { lock (_gate) return _failureCount; } }

    public IReadOnlyList<string> Failures { get { lock (_gate) return [.. _failures]; } }

    public void Fail(string failure)
    {
        lock (_gate)
        {
            _failureCount++;
            if (_failures.Count < FailuresShownMax)
                _failures.Add(failure);
        }
    }
}
