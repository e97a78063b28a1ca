namespace Allocation.Planning.Network;

/// <summary>Outcome of reading a network file: the network when <see cref="Errors"/> is empty, otherwise null.</summary>
public sealed record NetworkParseResult(StoreNetwork? Network, IReadOnlyList<string> Errors)
{
    /// <summary>True when the file was read and validated without errors.</summary>
    public bool Succeeded => Network is not null && Errors.Count == 0;

    /// <summary>A failed read, with at most <see cref="NetworkLimits.ErrorsMax"/> errors and a count of the rest.</summary>
    public static NetworkParseResult Failed(IReadOnlyList<string> errors)
    {
        if (errors.Count <= NetworkLimits.ErrorsMax)
        {
            return new NetworkParseResult(null, errors);
        }

        return new NetworkParseResult(null, [.. errors.Take(NetworkLimits.ErrorsMax), $"... and {errors.Count - NetworkLimits.ErrorsMax} more errors"]);
    }
}
