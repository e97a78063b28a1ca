namespace Allocation.Grains.Common;

/// <summary>Grain storage providers and state names. Rows are keyed by state name and grain key: every grain class has its own name.</summary>
public static class StorageNames
{
    public const string GrainStorage = "allocation";
    public const string StockState = "stock";
    public const string ReservationState = "reservation";
    public const string CatalogueState = "catalogue";
    public const string NetworkState = "network";
    public const string PickScheduleState = "pick-schedule";
}
