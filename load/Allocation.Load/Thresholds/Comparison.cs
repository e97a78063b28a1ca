namespace Allocation.Load.Thresholds;

public enum Comparison
{
    Less = 1,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}
