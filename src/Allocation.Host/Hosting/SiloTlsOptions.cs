using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Allocation.Host.Hosting;

/// <summary>When mutual TLS protects the silo network.</summary>
public enum SiloTlsMode
{
    /// <summary>On when the advertised address is not loopback (silos on several machines), off on loopback.</summary>
    Auto,

    /// <summary>Always on, also on loopback.</summary>
    Required,

    /// <summary>
    /// Never on: only where the network between the silos is private and protected otherwise (an encrypted overlay);
    /// anyone who reaches the silo port can then join the cluster.
    /// </summary>
    Off,
}

/// <summary>
/// Mutual TLS between silos (and for gateway clients, when the gateway is open), by Orleans' own TLS: every connection
/// presents a certificate that <see cref="AuthorityPath"/> signed, both ways, or it is closed during the handshake.
/// Certificate files are PEM (scripts/silo-certificate.sh makes a development authority and certificates).
/// </summary>
public sealed class SiloTlsOptions : IValidatableObject
{
    public const string SectionName = "Allocation:SiloTls";

    public const int HandshakeTimeoutSecondsMax = 60;

    public SiloTlsMode Mode { get; set; } = SiloTlsMode.Auto;

    /// <summary>This host's certificate (PEM); its extended key usage must allow server and client authentication.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key (PEM, unencrypted; readable by the service's account only).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The certificate of the authority that signs every silo's certificate (PEM): the only one trusted.</summary>
    public string? AuthorityPath { get; set; }

    /// <summary>Time a TLS handshake may take before the connection is dropped.</summary>
    [Range(1, HandshakeTimeoutSecondsMax)]
    public int HandshakeTimeoutSeconds { get; set; } = 10;

    /// <summary>Whether TLS is on for a silo that advertises <paramref name="advertised"/>.</summary>
    public bool IsOn(IPAddress advertised) => Mode switch
    {
        SiloTlsMode.Required => true,
        SiloTlsMode.Off => false,
        _ => !IPAddress.IsLoopback(advertised),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Mode))
        {
            yield return new ValidationResult("must be Auto, Required or Off", [nameof(Mode)]);
        }

        foreach (var (name, path) in new[] { (nameof(CertificatePath), CertificatePath), (nameof(KeyPath), KeyPath), (nameof(AuthorityPath), AuthorityPath) })
        {
            if (path is not null && !File.Exists(path))
            {
                yield return new ValidationResult($"no file at {path}", [name]);
            }
        }
    }
}
