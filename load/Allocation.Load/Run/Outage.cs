namespace Allocation.Load.Run;

/// <summary>From the SIGKILL of the host to its banner after the restart, in run seconds.</summary>
public sealed record Outage(double StartSeconds, double EndSeconds)
{
    public double DurationSeconds => EndSeconds - StartSeconds;
}
