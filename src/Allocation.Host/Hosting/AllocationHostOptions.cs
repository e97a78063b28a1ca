using System.ComponentModel.DataAnnotations;

namespace Allocation.Host.Hosting;

/// <summary>How this process runs. Read once at start-up; a wrong value stops the host with one line naming it.</summary>
public sealed class AllocationHostOptions
{
    public const string SectionName = "Allocation:Host";

    public StorageMode Storage { get; set; } = StorageMode.Postgres;

    /// <summary>Npgsql connection string; required in Postgres mode. Also read from ConnectionStrings:Allocation.</summary>
    public string? ConnectionString { get; set; }

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ClusterId { get; set; } = "allocation";

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ServiceId { get; set; } = "allocation";

    [Range(1, 65_535)]
    public int SiloPort { get; set; } = 11_111;

    [Range(1, 65_535)]
    public int GatewayPort { get; set; } = 30_000;

    /// <summary>Seed the demo network and catalogue when the tenant has none yet (once; idempotent).</summary>
    public bool SeedDemoData { get; set; } = true;
}
