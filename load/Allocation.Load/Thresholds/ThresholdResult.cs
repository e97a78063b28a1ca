namespace Allocation.Load.Thresholds;

/// <summary>A threshold's verdict; Actual is null when no step matched its selector (which fails it).</summary>
public sealed record ThresholdResult(Threshold Threshold, double? Actual, bool Passed, string Detail);
