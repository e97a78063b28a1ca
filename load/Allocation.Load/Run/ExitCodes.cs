namespace Allocation.Load.Run;

/// <summary>The harness's exit codes, as the issue fixed them (k6 and NBomber users script on these).</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int ThresholdFailed = 1;
    public const int InvariantBroken = 2;
    public const int CouldNotRun = 3;
}
