using Allocation.Client.Promises;

namespace Allocation.Client;

public sealed partial class AllocationClient
{
    /// <summary>Before checkout: the earliest ready-by the basket can be promised at the pickup store now, or why not; holds nothing.</summary>
    public Task<AllocationResult<Promise>> PromiseAsync(PromiseRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<Promise>(HttpMethod.Post, "promises", request, cancellationToken);
}
