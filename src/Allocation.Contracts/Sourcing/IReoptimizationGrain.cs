namespace Allocation.Contracts.Sourcing;

/// <summary>
/// A tenant's batch re-optimisation: re-plans every paid reservation whose picking has not started, jointly, and moves
/// those the joint plan sources more cheaply. One run at a time per tenant, cluster-wide. Key: tenant id.
/// </summary>
public interface IReoptimizationGrain : IGrainWithStringKey
{
    Task<ReoptimizationReport> Run();

    /// <summary>Runs unless a run started less than half the configured interval ago (every silo's schedule calls it); null when skipped.</summary>
    Task<ReoptimizationReport?> RunIfDue();

    /// <summary>
    /// Stock arrived somewhere, or promised units were found missing: run within AfterStockChangeDelaySeconds, once
    /// however many changes arrive meanwhile.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task Nudge();

    /// <summary>The last run's report, or null if none ran since activation.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ReoptimizationReport?> GetLastReport();
}
