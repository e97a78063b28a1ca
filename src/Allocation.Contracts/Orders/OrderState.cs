namespace Allocation.Contracts.Orders;

/// <summary>Where a paid order stands. Collected, Cancelled and Expired are ends.</summary>
public enum OrderState
{
    /// <summary>Confirmed (paid); no picking started.</summary>
    Paid = 1,

    /// <summary>A wave with the order started, or a line was picked, at one of its source stores.</summary>
    Picking = 2,

    /// <summary>Every line is picked and at least one is on a transfer to the pickup store.</summary>
    InTransit = 3,

    /// <summary>Every unit is at the pickup store; a pickup code and collect-by date are set.</summary>
    Ready = 4,

    Collected = 5,

    Cancelled = 6,

    /// <summary>Not collected by the collect-by date (no-show); the units went back to sellable stock at the pickup store.</summary>
    Expired = 7,
}
