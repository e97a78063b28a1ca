using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;

namespace Allocation.Host.Hosting;

/// <summary>How this process runs. Read once at start-up; a wrong value stops the host with one line naming it.</summary>
public sealed class AllocationHostOptions : IValidatableObject
{
    public const string SectionName = "Allocation:Host";

    public StorageMode Storage { get; set; } = StorageMode.Postgres;

    /// <summary>Npgsql connection string; required in Postgres mode. Also read from ConnectionStrings:Allocation.</summary>
    public string? ConnectionString { get; set; }

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ClusterId { get; set; } = "allocation";

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ServiceId { get; set; } = "allocation";

    /// <summary>
    /// The IP address other silos (and gateway clients) reach this silo at; it is what the membership table records.
    /// One per host: the host's own address on the network the silos share. Loopback by default (one machine).
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Where the silo and gateway listen; unset: the advertised address. 0.0.0.0 behind NAT or in a container.</summary>
    public string? ListenAddress { get; set; }

    /// <summary>Silo-to-silo port (advertised and listened on).</summary>
    [Range(1, 65_535)]
    public int SiloPort { get; set; } = 11_111;

    /// <summary>Gateway port for Orleans clients outside the silo (advertised and listened on), when <see cref="GatewayEnabled"/>.</summary>
    [Range(1, 65_535)]
    public int GatewayPort { get; set; } = 30_000;

    /// <summary>
    /// Whether Orleans clients outside the silo may connect. Off: the API runs inside the silo and needs no gateway,
    /// and a gateway takes any client, which may call any grain (mint keys, move stock) past the API's access rules.
    /// </summary>
    public bool GatewayEnabled { get; set; }

    /// <summary>The gateway port Orleans is given: 0 (no gateway) unless <see cref="GatewayEnabled"/>.</summary>
    public int GatewayPortOrNone => GatewayEnabled ? GatewayPort : 0;

    /// <summary>
    /// Hosts that may run against the database at once. Each takes at most its share of the connections PostgreSQL
    /// allows (see <see cref="ConnectionBudget"/>): its pool size is derived from that share unless the connection
    /// string sets Maximum Pool Size, which is then checked against it at start-up.
    /// </summary>
    [Range(1, ClusterHostsMaxLimit)]
    public int ClusterHostsMax { get; set; } = 4;

    public const int ClusterHostsMaxLimit = 64;

    /// <summary>Seed the demo network and catalogue when the tenant has none yet (once; idempotent).</summary>
    public bool SeedDemoData { get; set; } = true;

    public IPAddress Advertised => IPAddress.Parse(AdvertisedAddress);

    public IPAddress Listen => ListenAddress is null ? Advertised : IPAddress.Parse(ListenAddress);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(AdvertisedAddress, out var advertised) || !IsUsableIPv4OrIPv6(advertised)
            || advertised.Equals(IPAddress.Any) || advertised.Equals(IPAddress.IPv6Any))
        {
            yield return new ValidationResult("must be this host's IP address as the other silos reach it (e.g. 10.0.0.12), not a name and not 0.0.0.0", [nameof(AdvertisedAddress)]);
        }

        if (ListenAddress is not null && (!IPAddress.TryParse(ListenAddress, out var listen) || !IsUsableIPv4OrIPv6(listen)))
        {
            yield return new ValidationResult("must be an IP address (0.0.0.0 for every interface)", [nameof(ListenAddress)]);
        }

        if (GatewayEnabled && SiloPort == GatewayPort)
        {
            yield return new ValidationResult("must differ from SiloPort", [nameof(GatewayPort)]);
        }
    }

    private static bool IsUsableIPv4OrIPv6(IPAddress address) =>
        address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 && !address.Equals(IPAddress.None) && !address.Equals(IPAddress.Broadcast);
}
