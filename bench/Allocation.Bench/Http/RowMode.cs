namespace Allocation.Bench.Http;

/// <summary>How a row drives its target.</summary>
internal enum RowMode
{
    /// <summary>Unmeasured, before the target's first row.</summary>
    WarmUp,

    /// <summary>Closed loop: the maximum rate.</summary>
    Closed,

    /// <summary>Open model: a fixed arrival rate.</summary>
    Open,
}
