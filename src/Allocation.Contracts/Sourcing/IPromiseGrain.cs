namespace Allocation.Contracts.Sourcing;

/// <summary>
/// Promises before checkout: what the solver would plan for a basket now, holding nothing and booking nothing. A
/// reservation made right after with the same lines, and nothing changed in between, is planned from the same
/// snapshot by the same planner, so it gets the same promise or better. Key: tenant id (a stateless worker).
/// </summary>
public interface IPromiseGrain : IGrainWithStringKey
{
    /// <summary>The earliest ready-by time the network can promise now for the basket at its pickup store, or why not.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<PromiseResult> Promise(PromiseRequest request);

    /// <summary>For a product page: per pickup store in a city or around a store, whether one unit can be ready and by when.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<SkuPromiseResult> PromiseSku(SkuPromiseRequest request);
}
