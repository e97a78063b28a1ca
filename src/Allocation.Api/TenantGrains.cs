using Allocation.Api.Access;

namespace Allocation.Api;

/// <summary>
/// What every handler acts through: the grain factory and the tenant the request acts for. Bound with
/// <c>[AsParameters]</c>, so handlers name one parameter instead of two and the tenant is decided in one place: the
/// credential's (every <c>/api/v1</c> route requires one), never a setting or a field of the request.
/// </summary>
public readonly record struct TenantGrains(IGrainFactory Grains, IOptions<ApiOptions> Options, HttpContext Http)
{
    public string TenantId => Http.User.TenantId() ?? throw new InvalidOperationException("a tenant route ran without an authenticated tenant; its group must require authorization");

    /// <summary>A grain keyed by the tenant alone (catalogue, network, re-optimisation).</summary>
    public TGrain OfTenant<TGrain>()
        where TGrain : IGrainWithStringKey => Grains.GetGrain<TGrain>(TenantId);
}
