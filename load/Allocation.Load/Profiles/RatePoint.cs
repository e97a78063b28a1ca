namespace Allocation.Load.Profiles;

/// <summary>A corner of a piecewise-linear rate curve: at AtSeconds (nominal profile time) the rate is Fraction of the peak.</summary>
public sealed record RatePoint(double AtSeconds, double Fraction);
