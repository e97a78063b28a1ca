namespace Allocation.Bench.Reservations;

internal static class ReservationBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine($"reservations benchmark not built yet ({args.Length} options ignored)");
        return Task.FromResult(2);
    }
}
