namespace Allocation.Load.Profiles;

public enum ScenarioKind
{
    /// <summary>A few hot SKUs take most of the demand at the start (the scenario's own rate curve spikes early).</summary>
    FlashSale = 1,

    /// <summary>Checkout names only the pickup store; the solver chooses the source stores.</summary>
    ClickAndCollect = 2,

    /// <summary>Checkout names the store of every line, as a checkout without allocation calls.</summary>
    NamedStore = 3,

    /// <summary>Store staff (closed model): waves, picks (short, after a till sale), transfers, ready, handover, customer cancels and no-shows.</summary>
    StoreStaff = 4,

    /// <summary>POS sales and receipts at the stores, on the same SKU-stores the checkouts draw from.</summary>
    StoreSales = 5,
}
