using System.Text;

namespace Allocation.Load.Reports;

/// <summary>report.md: the tables, the notes, and the plots as images beside it.</summary>
public static class MarkdownReportWriter
{
    public static string Render(RunReport report)
    {
        var text = new StringBuilder().AppendLine($"# Peak-day load report: {report.ProfileName}").AppendLine();
        foreach (var table in ReportTables.All(report))
        {
            text.AppendLine($"## {table.Title}").AppendLine();
            text.AppendLine("| " + string.Join(" | ", table.Headers) + " |");
            text.AppendLine("|" + string.Concat(table.Headers.Select(_ => "---|")));
            foreach (var row in table.Rows)
            {
                text.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
            }

            text.AppendLine();
        }

        if (report.Notes.Count > 0)
        {
            text.AppendLine("## Notes").AppendLine();
            foreach (var note in report.Notes)
            {
                text.AppendLine($"- {note}");
            }

            text.AppendLine();
        }

        text.AppendLine("## Plots").AppendLine();
        text.AppendLine($"![throughput]({ReportFiles.ThroughputPlot})").AppendLine();
        text.AppendLine($"![latency over time]({ReportFiles.LatencyPlot})").AppendLine();
        text.AppendLine($"![latency distribution]({ReportFiles.DistributionPlot})");
        if (report.StepMetrics.Any(step => report.IsStoreStep(step.Scenario)))
        {
            text.AppendLine().AppendLine($"![store steps: answers per second]({ReportFiles.StoreStepsPlot})");
        }

        return text.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
