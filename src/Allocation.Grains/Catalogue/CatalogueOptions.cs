using System.ComponentModel.DataAnnotations;

namespace Allocation.Grains.Catalogue;

public sealed class CatalogueOptions
{
    public const string SectionName = "Allocation:Catalogue";

    /// <summary>
    /// SKUs one tenant's catalogue holds at most (styles x colours x sizes of a large fashion retailer). The catalogue
    /// only grows and is loaded whole when it activates, so it has a bound; beyond it a new SKU is refused.
    /// </summary>
    [Range(1, 5_000_000)]
    public int SkusPerTenantMax { get; set; } = 500_000;
}
