namespace Allocation.Load.Service;

/// <summary>One SKU at one store.</summary>
public readonly record struct SkuStore(string Sku, string StoreId)
{
    public override string ToString() => $"{Sku}@{StoreId}";
}
