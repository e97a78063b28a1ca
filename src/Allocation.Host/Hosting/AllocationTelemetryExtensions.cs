using Allocation.Grains.Hosting;
using Allocation.Planning.Online;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace Allocation.Host.Hosting;

public static class AllocationTelemetryExtensions
{
    /// <summary>The service's own meters (Allocation.Ledger, .Reservations, .Stock, .Planning, .Picking).</summary>
    public const string ServiceMeters = "Allocation.*";

    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>The runtime's own meter: GC, JIT (methods compiled, compile time), thread pool, exceptions, CPU time.</summary>
    public const string RuntimeMeter = "System.Runtime";

    public const string MetricsPath = "/metrics";

    public const string DashboardPath = "/dashboard";

    /// <summary>Orleans' activity sources: its runtime, and grain calls (with activity propagation on the silo).</summary>
    private static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Paths whose requests are not traced: probes and scrapes every few seconds would drown the real spans.</summary>
    private static readonly string[] UntracedPaths = ["/health", "/alive", MetricsPath];

    /// <summary>
    /// OpenTelemetry: metrics from Orleans, ASP.NET Core (hosting and Kestrel), HttpClient, Npgsql, the runtime and the
    /// service's own meters, scraped at /metrics and pushed over OTLP when a collector is configured; traces through HTTP, grain calls
    /// and Npgsql, recorded only when there is a collector to send them to. Console logs as JSON when asked.
    /// </summary>
    public static TelemetryOptions AddAllocationTelemetry(this WebApplicationBuilder builder)
    {
        var options = HostOptionsReader.ReadSection<TelemetryOptions>(builder.Configuration, TelemetryOptions.SectionName);
        if (options.LogFormat == LogFormat.Json)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        builder.UseOrleans(silo =>
        {
            // Grain calls carry the caller's trace context, so a reservation's span tree reaches into the grains.
            silo.AddActivityPropagation();
            if (options.DashboardEnabled)
            {
                silo.AddDashboard();
            }
        });
        var otlp = options.OtlpEndpoint is not null || !string.IsNullOrWhiteSpace(builder.Configuration[TelemetryOptions.StandardOtlpEndpointVariable]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(OrleansMeter, ServiceMeters, RuntimeMeter);
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter(exporter => Point(exporter, options));
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(http => http.Filter = context => !UntracedPaths.Any(path => context.Request.Path.StartsWithSegments(path)))
                .AddHttpClientInstrumentation()
                .AddSource(OrleansActivitySources)
                .AddNpgsql()
                .AddOtlpExporter(exporter => Point(exporter, options)));
        }

        return options;
    }

    /// <summary>
    /// Endpoints for operators only: the Prometheus scrape endpoint and the Orleans dashboard (each when enabled). Returned as
    /// one convention builder, so one call puts them all behind a policy.
    /// </summary>
    public static IEndpointConventionBuilder MapAllocationOperations(this WebApplication app, TelemetryOptions options)
    {
        List<IEndpointConventionBuilder> endpoints = [];
        if (options.DashboardEnabled)
        {
            endpoints.Add(app.MapOrleansDashboard(routePrefix: DashboardPath));
        }

        if (options.PrometheusEnabled)
        {
            endpoints.Add(app.MapPrometheusScrapingEndpoint(MetricsPath));
        }

        // Program.cs puts these behind the admin policy. A Prometheus server scrapes with its `authorization` setting
        // (type ApiKey, or a bearer token); the dashboard's page calls its own API from the browser, so it is reached
        // through a proxy that adds the admin key (README, Operations).
        return new EndpointConventions(endpoints);
    }

    private static void Point(OtlpExporterOptions exporter, TelemetryOptions options)
    {
        if (options.OtlpEndpoint is { } endpoint)
        {
            exporter.Endpoint = endpoint;
            exporter.Protocol = OtlpExportProtocol.Grpc;
        }
    }
}
