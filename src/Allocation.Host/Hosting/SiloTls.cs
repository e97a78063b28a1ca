using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Allocation.Host.Hosting;

/// <summary>
/// Orleans' mutual TLS on the silo network: this host shows its certificate on every connection it opens or accepts,
/// and takes only peers whose certificate chains to the configured authority alone (not the machine's trust store).
/// Names and addresses in the peer's certificate are not checked: silos reach each other by IP, and membership of the
/// authority is what makes a silo one of the cluster's.
/// </summary>
public static class SiloTls
{
    /// <summary>
    /// Turns TLS on for <paramref name="silo"/> when <paramref name="tls"/> says so for this host's advertised address;
    /// false when it stays off. Without a usable certificate it throws, naming the setting: the host does not start.
    /// </summary>
    public static bool Apply(ISiloBuilder silo, SiloTlsOptions tls, AllocationHostOptions host)
    {
        if (Prepare(tls, host) is not var (certificate, authority))
        {
            return false;
        }

        silo.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.HandshakeTimeout = TimeSpan.FromSeconds(tls.HandshakeTimeoutSeconds);
            options.RemoteCertificateValidation = (remote, _, _) => IsSignedBy(remote, authority);
        });
        return true;
    }

    /// <summary>
    /// This host's certificate and the authority it trusts when TLS is on, null when it is off; throws naming the setting
    /// when TLS is on and no usable certificate is configured.
    /// </summary>
    public static (X509Certificate2 Certificate, X509Certificate2 Authority)? Prepare(SiloTlsOptions tls, AllocationHostOptions host) =>
        IsOn(tls, host) ? Load(tls, host) : null;

    /// <summary>Whether TLS is on for this host (in memory, the silo clusters on loopback alone, whatever is advertised).</summary>
    public static bool IsOn(SiloTlsOptions tls, AllocationHostOptions host) =>
        tls.IsOn(host.Storage == StorageMode.InMemory ? System.Net.IPAddress.Loopback : host.Advertised);

    /// <summary>Whether <paramref name="certificate"/> chains to <paramref name="authority"/>, trusted alone, and is valid now.</summary>
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate);
    }

    /// <summary>The first certificate in a PEM file that holds no key (an authority's).</summary>
    public static X509Certificate2 LoadCertificateOnly(string path)
    {
        var text = File.ReadAllText(path);
        var found = PemEncoding.Find(text);
        if (!text[found.Label].Equals("CERTIFICATE", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{path} does not start with a PEM certificate", nameof(path));
        }

        return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text[found.Base64Data]));
    }

    private static (X509Certificate2 Certificate, X509Certificate2 Authority) Load(SiloTlsOptions tls, AllocationHostOptions host)
    {
        var why = tls.Mode == SiloTlsMode.Required
            ? "Mode is Required"
            : $"{AllocationHostOptions.SectionName}:AdvertisedAddress {host.AdvertisedAddress} is not loopback";
        var certificatePath = Require(tls.CertificatePath, nameof(SiloTlsOptions.CertificatePath), why);
        var keyPath = Require(tls.KeyPath, nameof(SiloTlsOptions.KeyPath), why);
        var authorityPath = Require(tls.AuthorityPath, nameof(SiloTlsOptions.AuthorityPath), why);
        X509Certificate2 certificate;
        X509Certificate2 authority;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            authority = LoadCertificateOnly(authorityPath);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or ArgumentException)
        {
            throw new HostConfigurationException($"{SiloTlsOptions.SectionName}: the certificate or its key could not be read: {exception.Message}", exception);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new HostConfigurationException($"{SiloTlsOptions.SectionName}:KeyPath: no private key for the certificate");
        }

        if (!IsSignedBy(certificate, authority))
        {
            throw new HostConfigurationException(
                $"{SiloTlsOptions.SectionName}:CertificatePath: not signed by the authority in AuthorityPath, or not valid now (valid {certificate.NotBefore:u} to {certificate.NotAfter:u})");
        }

        return (certificate, authority);
    }

    private static string Require(string? path, string name, string why) =>
        path ?? throw new HostConfigurationException(
            $"{SiloTlsOptions.SectionName}:{name} is missing: silo TLS is on because {why}. scripts/silo-certificate.sh makes a development certificate; " +
            $"set {SiloTlsOptions.SectionName}:Mode=Off only where the network between silos is protected otherwise.");
}
