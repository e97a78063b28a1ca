namespace Allocation.Grains; internal static class Placeholder { }
