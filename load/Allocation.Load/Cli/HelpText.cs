namespace Allocation.Load.Cli;

public static class HelpText
{
    public const string Text = """
        Allocation.Load: replay a peak day against the Allocation service and report what it held.

        Usage:
          dotnet run -c Release --project load/Allocation.Load -- peak-day [options]
          dotnet run -c Release --project load/Allocation.Load -- --help

        Options:
          --url URL              drive a running service (seeded through its API); without it the harness starts the
                                 host itself, durable, on a scratch database of the repository's PostgreSQL, and stops it
          --api-key KEY          an admin API key of the service at --url (default: $ALLOCATION_API_KEY)
          --duration 60s         run length (s, m, h, ms); the profile's rate curve stretches to it (default: the profile's)
          --scale 1.0            multiply every rate and top-up by this, to fit the machine at hand
          --profile PATH         the load profile (default load/profiles/singles-day.json)
          --report-dir DIR       where the reports go (default load/reports/<UTC timestamp>/)
          --threshold EXPR       e.g. "reserve.p99<50ms", "flash-sale.reserve.error%<1", "confirm.rate>100/s"; repeatable.
                                 Selector: a step, scenario.step, a scenario or all. Metrics: p50 p75 p90 p95 p99 p999 max
                                 mean (ms, s, us), rate (/s), error% (failed + dropped), rejected%, failed, dropped
          --abort-on-fail        stop the run as soon as any threshold fails (profile thresholds may set abortOnFail)
          --kill-host-at 20s     SIGKILL the host it started at this point, restart it, keep the load going
          --max-in-flight N      bound on requests in flight (default: the profile's); arrivals beyond it are dropped
          --postgres CONN        admin connection string for the scratch database (default: $ALLOCATION_POSTGRES, else
                                 scripts/postgres.sh ensure)
          --keep-database        keep the scratch database after the run
          --seed N               random seed for baskets and stores (default 20261111)
          --no-live              no live table; a progress line every few seconds instead

        Exit codes: 0 every threshold held and every invariant checked out; 1 a threshold failed; 2 an invariant broke
        (oversell, a lost acknowledged hold, counts that do not reconcile); 3 it could not run.
        """;
}
