using Allocation.Contracts.Stock;

namespace Allocation.Tests.Support;

/// <summary>Unique keys per test, so tests sharing a cluster never see each other's state.</summary>
public static class Keys
{
    public const string Tenant = "default";

    public static StockKey NewStock(string store = "S001") => new(Tenant, "SKU-" + Guid.NewGuid().ToString("N")[..12], store);

    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];
}
