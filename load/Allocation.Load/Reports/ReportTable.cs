namespace Allocation.Load.Reports;

/// <summary>A table both the Markdown and the HTML report render.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);
