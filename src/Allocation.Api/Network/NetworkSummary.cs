namespace Allocation.Api.Network;

public sealed record NetworkSummary(long Version, int Locations, int Lanes);
