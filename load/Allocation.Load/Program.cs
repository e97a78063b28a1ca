using Allocation.Load.Run;

// First Ctrl-C: stop the arrivals and finish the run (checks and reports); a second one: the runtime's default, exit.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, eventArgs) =>
{
    if (!interrupted.IsCancellationRequested)
    {
        eventArgs.Cancel = true;
        interrupted.Cancel();
    }
};

var console = new HarnessConsole(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected);
return await Harness.RunAsync(args, console, interrupted.Token);
