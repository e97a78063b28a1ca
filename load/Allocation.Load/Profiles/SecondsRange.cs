namespace Allocation.Load.Profiles;

/// <summary>A uniformly drawn duration, in seconds.</summary>
public sealed record SecondsRange(double Min, double Max)
{
    public TimeSpan Draw(Random random) => TimeSpan.FromSeconds(Min + random.NextDouble() * (Max - Min));
}
