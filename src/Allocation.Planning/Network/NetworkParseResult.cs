namespace Allocation.Planning.Network;

/// <summary>Outcome of reading a network file: the network when <see cref="Errors"/> is empty, otherwise null.</summary>
public sealed record NetworkParseResult(StoreNetwork? Network, IReadOnlyList<string> Errors)
{
    /// <summary>True when the file was read and validated without errors.</summary>
    public bool Succeeded => Network is not null && Errors.Count == 0;
}
