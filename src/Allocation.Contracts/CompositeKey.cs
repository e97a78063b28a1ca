namespace Allocation.Contracts;

/// <summary>
/// The one place grain keys are joined and split. Every part is an identifier (<see cref="Identifiers"/>), which never
/// holds the separator, so a key splits back into exactly the parts it was made of.
/// </summary>
internal static class CompositeKey
{
    public const char Separator = '|';

    public static string Join(params ReadOnlySpan<string> parts) => string.Join(Separator, parts);

    /// <summary>The parts of <paramref name="grainKey"/>; throws when it is not <paramref name="partCount"/> identifiers (a bug: keys are made here).</summary>
    public static string[] Split(string grainKey, int partCount, string shape)
    {
        ArgumentNullException.ThrowIfNull(grainKey);
        var parts = grainKey.Split(Separator);
        if (parts.Length != partCount || !parts.All(Identifiers.IsValid))
        {
            throw new ArgumentException($"'{grainKey}' is not a grain key of the shape {shape}.", nameof(grainKey));
        }

        return parts;
    }
}
