namespace Allocation.Grains.Common;

/// <summary>
/// Names of stored state. Orleans grain-storage rows are keyed by state name and grain key; grain records (written
/// through the ledger's group commit) by record kind and owner. Never rename one without a migration.
/// </summary>
public static class StorageNames
{
    public const string GrainStorage = "allocation";
    public const string StockState = "stock";
    public const string CatalogueState = "catalogue";
    public const string NetworkState = "network";

    /// <summary>Record kind of a reservation: one record per reservation grain.</summary>
    public const string ReservationRecord = "reservation";

    /// <summary>Record kind of a pick booking: one record per booking, owned by the store's pick schedule.</summary>
    public const string PickBookingRecord = "pick-booking";

    /// <summary>Record kind of the open-order list: owned by the tenant, one record per paid, solver-allocated reservation.</summary>
    public const string OpenOrderRecord = "open-order";

    /// <summary>Record kind of a catalogue SKU: owned by the tenant, one record per SKU.</summary>
    public const string CatalogueSkuRecord = "catalogue-sku";

    /// <summary>Record kind of an API key: owned by the tenant, one record per key (only its SHA-256 digest).</summary>
    public const string AccessKeyRecord = "access-key";

    /// <summary>Record kind of a tenant with stored keys: owned by the cluster's tenant directory, one record per tenant.</summary>
    public const string AccessTenantRecord = "access-tenant";

    /// <summary>Record kind of an order: one record per order grain, its status the order's state.</summary>
    public const string OrderRecord = "order";

    /// <summary>Record kind of a store's order index: owned by the store, one record per order id it lists.</summary>
    public const string StoreOrderRecord = "store-order";

    /// <summary>Record kind of a store's recently ended orders: owned by the store, one record per order kept listed (bounded).</summary>
    public const string StoreEndedOrderRecord = "store-ended-order";

    /// <summary>Record kind of a store's picking waves: owned by the store, one record per wave.</summary>
    public const string StoreWaveRecord = "store-wave";

    /// <summary>Record kind of the highest wave number a store gave: owned by the store, one record (never pruned).</summary>
    public const string StoreWaveNumberRecord = "store-wave-number";

    /// <summary>Record kind of a tenant's webhook subscriptions and delivery cursors: owned by the tenant, one per webhook.</summary>
    public const string WebhookRecord = "webhook";

    /// <summary>Status of a record whose work was cut off half-way until its grain finishes it.</summary>
    public const string PendingStatus = "pending";
}
