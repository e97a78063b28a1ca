using System.Globalization;

namespace Allocation.Load.Live;

/// <summary>Without a terminal (CI, a pipe): one progress line every few seconds instead of a live table.</summary>
public sealed class LineLiveView(TextWriter output) : ILiveView
{
    private const int EverySeconds = 5;
    private int lastPrinted = -EverySeconds;

    public void Show(LiveSnapshot snapshot)
    {
        var second = (int)snapshot.ElapsedSeconds;
        if (second - lastPrinted < EverySeconds)
        {
            return;
        }

        lastPrinted = second;
        var failed = snapshot.Steps.Sum(step => step.Failed);
        var dropped = snapshot.Steps.Sum(step => step.Dropped);
        var failing = snapshot.Thresholds.Count(result => !result.Passed);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{LiveTable.Headline(snapshot)}  failed {failed}  dropped {dropped}  thresholds failing {failing}/{snapshot.Thresholds.Count}"));
    }

    public Task RunAsync(Task finished) => finished;
}
