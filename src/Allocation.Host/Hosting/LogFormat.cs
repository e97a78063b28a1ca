namespace Allocation.Host.Hosting;

/// <summary>How console log lines are written.</summary>
public enum LogFormat
{
    /// <summary>.NET's simple console lines, for a terminal.</summary>
    Simple = 0,

    /// <summary>One JSON object a line (timestamp in UTC, level, category, message, the message's named values), for a log shipper.</summary>
    Json = 1,
}
