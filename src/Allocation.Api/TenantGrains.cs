namespace Allocation.Api;

/// <summary>
/// What every handler acts through: the grain factory and the tenant the request acts for. Bound with
/// <c>[AsParameters]</c>, so handlers name one parameter instead of two and the tenant is decided in one place.
/// </summary>
public readonly record struct TenantGrains(IGrainFactory Grains, IOptions<ApiOptions> Options)
{
    public string TenantId => Options.Value.TenantId;

    /// <summary>A grain keyed by the tenant alone (catalogue, network, re-optimisation).</summary>
    public TGrain OfTenant<TGrain>()
        where TGrain : IGrainWithStringKey => Grains.GetGrain<TGrain>(TenantId);
}
