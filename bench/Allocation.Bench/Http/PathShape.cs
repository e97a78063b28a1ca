namespace Allocation.Bench.Http;

/// <summary>What one request (or, for <see cref="ReserveConfirm"/>, one pair of requests) of a row asks for.</summary>
internal enum PathShape
{
    /// <summary>One line; the caller names the store; SKU and store drawn uniformly from every SKU-store.</summary>
    Named,

    /// <summary>One line on one SKU-store for every request: a flash sale.</summary>
    Hot,

    /// <summary>One line and a pickup store only; the solver chooses the source store.</summary>
    SolverChosen,

    /// <summary>Three lines of three different SKUs at one named store, all or none.</summary>
    Basket,

    /// <summary>A named one-line reservation, then its confirm once the hold is acknowledged.</summary>
    ReserveConfirm,

    /// <summary>GET of one SKU-store's counts: the HTTP ceiling, no write.</summary>
    StockRead,
}
