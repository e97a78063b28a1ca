using Spectre.Console;

namespace Allocation.Load.Live;

/// <summary>A Spectre.Console live table on a terminal.</summary>
public sealed class SpectreLiveView(IAnsiConsole console) : ILiveView
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);
    private LiveSnapshot? latest;

    public void Show(LiveSnapshot snapshot) => Volatile.Write(ref latest, snapshot);

    public Task RunAsync(Task finished) =>
        console.Live(new Markup("starting...")).AutoClear(false).StartAsync(async context =>
        {
            while (!finished.IsCompleted)
            {
                await Task.WhenAny(finished, Task.Delay(RefreshInterval));
                if (Volatile.Read(ref latest) is { } snapshot)
                {
                    context.UpdateTarget(LiveTable.Render(snapshot));
                    context.Refresh();
                }
            }
        });
}
