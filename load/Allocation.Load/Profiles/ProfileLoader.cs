using System.Text.Json;
using System.Text.Json.Serialization;

namespace Allocation.Load.Profiles;

/// <summary>Reads a profile file: unknown fields are errors (a typo must not silently become a default).</summary>
public static class ProfileLoader
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static ProfileLoadResult Load(string path)
    {
        if (!File.Exists(path))
        {
            return ProfileLoadResult.Failed($"profile {path}: no such file");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static ProfileLoadResult Parse(string json, string source)
    {
        LoadProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<LoadProfile>(json, Options);
        }
        catch (JsonException exception)
        {
            var line = exception.LineNumber is { } number ? $" line {number + 1}" : "";
            var path = exception.Path is { Length: > 0 } field ? $" at {field}" : "";
            return ProfileLoadResult.Failed($"profile {source}:{line}{path}: {FirstSentence(exception.Message)}");
        }

        if (profile is null)
        {
            return ProfileLoadResult.Failed($"profile {source}: is empty");
        }

        var errors = ProfileValidator.Validate(profile);
        return errors.Count == 0
            ? new ProfileLoadResult(profile, [])
            : new ProfileLoadResult(null, errors.Select(error => $"profile {source}: {error}").ToList());
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }
}
