using Allocation.Contracts;
using System.ComponentModel.DataAnnotations;

namespace Allocation.Host.Hosting;

public sealed class DemoOptions
{
    public const string SectionName = "Allocation:Demo";

    /// <summary>The tenant the demo network, catalogue and stock are seeded for (the development credentials act for it).</summary>
    [Identifier]
    public string TenantId { get; set; } = "default";

    /// <summary>Seeds the demo generator, so every machine gets the same network and stock.</summary>
    public int Seed { get; set; } = 42;

    [Range(1, 10_000)]
    public int SkuCount { get; set; } = 20;

    /// <summary>Average units per SKU at each store; 0 seeds the network and catalogue without stock.</summary>
    [Range(0, 100_000)]
    public int StockUnitsPerStore { get; set; } = 20;
}
