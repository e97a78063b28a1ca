namespace Allocation.Load.Profiles;

/// <summary>A threshold of the profile, e.g. "reserve.p99&lt;250ms"; AbortOnFail stops the run as soon as it fails.</summary>
public sealed record ThresholdProfile(string Expression, bool AbortOnFail = false);
