using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Allocation.Grains.Storage;

/// <summary>
/// How grain state is stored: Orleans' binary serializer, version-tolerant through the [Id]s and aliases of the state
/// types, instead of Orleans' default, Newtonsoft JSON with CLR type names. Profiled on the service benchmark, the JSON
/// writes of reservation and pick-schedule state took a quarter of the CPU of a solver-chosen reservation. Rows written
/// as JSON by earlier versions are still read: the JSON serializer stays as the fallback for reading.
/// </summary>
internal static class GrainStateFormat
{
    public static IGrainStorageSerializer Create(IServiceProvider services) => new GrainStorageSerializer(
        new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
        new JsonGrainStorageSerializer(services.GetRequiredService<OrleansJsonSerializer>()));
}
