namespace Allocation.Host.Hosting;

/// <summary>Several endpoints' convention builders as one: a convention added here (authorization, say) reaches all of them.</summary>
internal sealed class EndpointConventions(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in builders)
        {
            builder.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in builders)
        {
            builder.Finally(finallyConvention);
        }
    }
}
