using System.Text.Json;
using System.Text.Json.Serialization;

namespace Allocation.Load.Service;

/// <summary>The wire format: camelCase JSON, enums as strings, as the service writes it.</summary>
public static class ServiceJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
