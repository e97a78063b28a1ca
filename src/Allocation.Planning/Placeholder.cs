namespace Allocation.Planning; internal static class Placeholder { }
