namespace Allocation.Contracts.Catalogue;

public static class CatalogueLimits
{
    /// <summary>SKUs one call adds at most (the demo seed's largest catalogue fits in one).</summary>
    public const int SkusPerCallMax = 10_000;
}
