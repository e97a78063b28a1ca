using System.Net;
using System.Text;

namespace Allocation.Load.Reports;

/// <summary>report.html: one self-contained file, the plots embedded as data URIs.</summary>
public static class HtmlReportWriter
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
        table { border-collapse: collapse; margin-bottom: 1.5em; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        table.text td { text-align: left; }
        th { background: #f0f0f0; }
        .ok { color: #1a7f37; font-weight: bold; } .bad { color: #cf222e; font-weight: bold; }
        img { max-width: 100%; display: block; margin-bottom: 1em; }
        """;

    public static string Render(RunReport report, IReadOnlyDictionary<string, byte[]> plots)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>Peak-day load report: {Encode(report.ProfileName)}</title><style>{Style}</style></head><body>");
        html.AppendLine($"<h1>Peak-day load report: {Encode(report.ProfileName)}</h1>");
        html.AppendLine($"<p class=\"{(report.ExitCode == 0 ? "ok" : "bad")}\">{Encode(report.Verdict)} (exit code {report.ExitCode})</p>");
        var tables = ReportTables.All(report);

        // The run and its steps first, so the figures are on screen before the plots.
        foreach (var table in tables.Take(2))
        {
            AppendTable(html, table);
        }

        foreach (var (file, bytes) in plots)
        {
            html.AppendLine($"<img alt=\"{Encode(file)}\" src=\"data:image/png;base64,{Convert.ToBase64String(bytes)}\">");
        }

        foreach (var table in tables.Skip(2))
        {
            AppendTable(html, table);
        }

        foreach (var note in report.Notes)
        {
            html.AppendLine($"<p>{Encode(note)}</p>");
        }

        return html.AppendLine("</body></html>").ToString();
    }

    private static void AppendTable(StringBuilder html, ReportTable table)
    {
        // Tables of words (the run, the invariants, the reasons) read left-aligned; tables of figures right-aligned.
        var isText = table.Headers.Count <= 2 || table.Headers.Contains("rule");
        html.AppendLine($"<h2>{Encode(table.Title)}</h2><table{(isText ? " class=\"text\"" : "")}><tr>");
        foreach (var header in table.Headers)
        {
            html.Append($"<th>{Encode(header)}</th>");
        }

        html.AppendLine("</tr>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                var marker = cell is "ok" ? " class=\"ok\"" : cell is "FAILED" or "BROKEN" ? " class=\"bad\"" : "";
                html.Append($"<td{marker}>{Encode(cell)}</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</table>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
