using System.ComponentModel.DataAnnotations;

namespace Allocation.Host.Hosting;

/// <summary>
/// How fast the cluster declares a silo dead (ADO.NET clustering). Until it does, calls to the grains that lived on a
/// killed silo wait for it, so these bound how long writes to those grains stall after a crash. Orleans' defaults
/// (5 s probes, 3 missed) stalled them about 13-15 s; the defaults here declare a dead silo in about 4-6 s yet allow a
/// silo several seconds of missed probes (a GC pause, a busy CPU) before anyone suspects it.
/// </summary>
public sealed class MembershipTuningOptions : IValidatableObject
{
    public const string SectionName = "Allocation:Membership";

    /// <summary>Time a liveness probe may take (Orleans adapts it between half and four times this), and the probe period.</summary>
    [Range(1, 60)]
    public int ProbeTimeoutSeconds { get; set; } = 2;

    /// <summary>Missed probes in a row before a silo suspects the one it probes.</summary>
    [Range(1, 10)]
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>Silos each silo probes.</summary>
    [Range(1, 10)]
    public int ProbedSilos { get; set; } = 3;

    /// <summary>Suspicions needed to declare a silo dead (fewer when fewer silos are alive to vote).</summary>
    [Range(1, 10)]
    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a suspicion counts: votes older than this are ignored.</summary>
    [Range(10, 3_600)]
    public int DeathVoteExpirationSeconds { get; set; } = 60;

    /// <summary>Period of reading the membership table (gossip usually tells sooner).</summary>
    [Range(1, 600)]
    public int TableRefreshSeconds { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (VotesForDeathDeclaration > ProbedSilos)
        {
            yield return new ValidationResult("must be at most ProbedSilos", [nameof(VotesForDeathDeclaration)]);
        }

        if (DeathVoteExpirationSeconds <= ProbeTimeoutSeconds * MissedProbesLimit)
        {
            yield return new ValidationResult("must be longer than ProbeTimeoutSeconds x MissedProbesLimit, or votes expire before they add up", [nameof(DeathVoteExpirationSeconds)]);
        }
    }
}
