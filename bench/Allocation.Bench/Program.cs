// One entry point, one verb per benchmark family; each prints its figures next to a baseline measured in the same run.

using Allocation.Bench;
using Allocation.Bench.Reservations;
using Allocation.Bench.Service;
using Allocation.Bench.Solver;

return args.FirstOrDefault() switch
{
    "reservations" => await Allocation.Bench.Reservations.ReservationBenchmark.RunAsync(args[1..]),
    "allocation" => await Allocation.Bench.Solver.AllocationBenchmark.RunAsync(args[1..]),
    "allocation-reference" => await Allocation.Bench.Reference.ReferenceBenchmark.RunAsync(args[1..]),
    "micro" => MicroBenchmarks.Run(args[1..]),
    "service" => await Allocation.Bench.Service.ServiceAllocationBenchmark.RunAsync(args[1..]),
    "http" => await Allocation.Bench.Http.HttpBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Allocation.Bench -- <reservations|allocation|allocation-reference|service|http|micro> [options]");
    return 2;
}
