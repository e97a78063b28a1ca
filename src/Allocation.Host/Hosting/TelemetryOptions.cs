using System.ComponentModel.DataAnnotations;

namespace Allocation.Host.Hosting;

/// <summary>Where metrics, traces and logs go. Read at start-up: they decide what the host wires.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string SectionName = "Allocation:Telemetry";

    /// <summary>The standard OpenTelemetry variable, honoured when <see cref="OtlpEndpoint"/> is not set.</summary>
    public const string StandardOtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>service.name on every metric and span.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ServiceName { get; set; } = "allocation";

    /// <summary>
    /// An OTLP collector (gRPC, e.g. http://collector:4317): metrics and traces are exported to it. Unset: the standard
    /// OTEL_EXPORTER_OTLP_* variables decide; neither set: no OTLP export, and no traces are recorded at all.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The Prometheus scrape endpoint at /metrics.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>
    /// The Orleans dashboard at /dashboard. Off unless asked for: it intercepts every grain call to keep its statistics,
    /// which cost the checkout path about 15 % of its throughput (measured, docs/benchmarks.md section 6).
    /// </summary>
    public bool DashboardEnabled { get; set; }

    /// <summary>Console log lines: Simple (for a terminal) or Json (one JSON object a line, for a log shipper).</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Simple;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult("must be an absolute http or https address, e.g. http://collector:4317", [nameof(OtlpEndpoint)]);
        }
    }
}
