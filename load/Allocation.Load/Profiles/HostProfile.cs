namespace Allocation.Load.Profiles;

/// <summary>The demo seed of a host the harness starts itself (Allocation:Demo settings).</summary>
public sealed record HostProfile
{
    public int DemoSkuCount { get; init; } = 20;

    public int DemoStockUnitsPerStore { get; init; } = 20;
}
