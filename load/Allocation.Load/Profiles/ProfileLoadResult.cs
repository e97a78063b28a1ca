namespace Allocation.Load.Profiles;

public sealed record ProfileLoadResult(LoadProfile? Profile, IReadOnlyList<string> Errors)
{
    public static ProfileLoadResult Failed(string error) => new(null, [error]);
}
