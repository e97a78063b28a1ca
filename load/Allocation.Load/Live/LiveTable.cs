using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Allocation.Load.Live;

/// <summary>The live table: the run line, then per step ok, rejected, failed, dropped, p50 and p99, then the thresholds.</summary>
public static class LiveTable
{
    public static IRenderable Render(LiveSnapshot snapshot)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.Title = new TableTitle(Markup.Escape(Headline(snapshot)));
        foreach (var column in new[] { "step", "ok", "rejected", "failed", "dropped", "p50 ms", "p99 ms", "rate/s" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var step in snapshot.Steps)
        {
            table.AddRow(
                Markup.Escape(step.Name), Number(step.Ok), Number(step.Rejected),
                step.Failed > 0 ? $"[red]{Number(step.Failed)}[/]" : "0", step.Dropped > 0 ? $"[yellow]{Number(step.Dropped)}[/]" : "0",
                Decimal(step.Percentile(50)), Decimal(step.Percentile(99)), Decimal(step.RatePerSecond));
        }

        var thresholds = new Rows(snapshot.Thresholds.Select(result => (IRenderable)new Markup(
            (result.Passed ? "[green]ok  [/] " : "[red]FAIL[/] ") + Markup.Escape($"{result.Threshold.Text}: {result.Detail}"))).ToList());
        return new Rows(table, thresholds);
    }

    public static string Headline(LiveSnapshot snapshot) => string.Create(
        CultureInfo.InvariantCulture,
        $"{snapshot.ElapsedSeconds:0}/{snapshot.DurationSeconds:0} s  target {snapshot.TargetPerSecond:0}/s  achieved {snapshot.AchievedPerSecond:0}/s  in flight {snapshot.InFlight}{(snapshot.Status is null ? "" : "  " + snapshot.Status)}");

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Decimal(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
