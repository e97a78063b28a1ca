namespace Allocation.Api; internal static class Placeholder { }
