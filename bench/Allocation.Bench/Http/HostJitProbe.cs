using System.Globalization;

namespace Allocation.Bench.Http;

/// <summary>
/// How many methods the service host has JIT-compiled so far, read from its Prometheus endpoint (the runtime's own
/// <c>System.Runtime</c> meter, counter <c>dotnet.jit.compiled_methods</c>) with the operator key. A row during which the
/// host still compiles hundreds of methods measures its warm-up, not its steady state; the table says so per row.
/// </summary>
internal sealed class HostJitProbe(HttpClient operatorClient)
{
    /// <summary>The counter's name in the Prometheus exposition format (dots to underscores, counters end in _total).</summary>
    public const string CompiledMethodsMetric = "dotnet_jit_compiled_methods_total";

    private const string MetricsPath = "/metrics";

    /// <summary>The count, or null when the host does not expose it (the anchor, a host with Prometheus off).</summary>
    public async Task<long?> CompiledMethodsAsync(CancellationToken cancellationToken)
    {
        using var response = await operatorClient.GetAsync(MetricsPath, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return null;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return Parse(text);
    }

    /// <summary>The sum of the metric's samples (one per label set) in a Prometheus text exposition, or null when absent.</summary>
    public static long? Parse(string exposition)
    {
        long? total = null;
        foreach (var line in exposition.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith(CompiledMethodsMetric, StringComparison.Ordinal))
                continue;
            var rest = line[CompiledMethodsMetric.Length..];
            if (rest.Length == 0 || (rest[0] != ' ' && rest[0] != '{'))
                continue;
            var afterLabels = rest[0] == '{' ? rest[(rest.IndexOf('}') + 1)..] : rest;
            var fields = afterLabels.Trim();
            var end = fields.IndexOf(' ');
            var value = end < 0 ? fields : fields[..end];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                total = (total ?? 0) + (long)number;
        }

        return total;
    }
}
