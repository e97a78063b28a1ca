using BenchmarkDotNet.Running;

namespace Allocation.Bench;

internal static class MicroBenchmarks
{
    public static int Run(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(args);
        return 0;
    }
}
