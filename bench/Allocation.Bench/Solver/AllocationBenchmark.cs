namespace Allocation.Bench.Solver;

internal static class AllocationBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine($"allocation benchmark not built yet ({args.Length} options ignored)");
        return Task.FromResult(2);
    }
}
