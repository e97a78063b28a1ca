using System.Net;
using System.Net.Sockets;

namespace Allocation.Contracts.Webhooks;

/// <summary>
/// Which addresses a webhook may be posted to: public unicast only. Refused: loopback, unspecified, private
/// (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10), link-local (169.254/16 with the cloud metadata service
/// 169.254.169.254, fe80::/10), multicast and broadcast, documentation, benchmarking and reserved ranges, and IPv6
/// forms that embed an IPv4 address (mapped, NAT64, 6to4) by the address they embed. Checked when a webhook is
/// registered and again on the resolved address of every delivery, so a name that later resolves inward is refused.
/// </summary>
public static class WebhookDestinations
{
    public const string Description = "a public address (not loopback, private, link-local, multicast or reserved)";

    public static bool IsPublic(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
        AddressFamily.InterNetworkV6 => IsPublicV6(address),
        _ => false,
    };

    private static bool IsPublicV4(byte[] b) => !(
        b[0] is 0 or 10 or 127 or >= 224
        || (b[0] == 100 && (b[1] & 0xC0) == 64)
        || (b[0] == 169 && b[1] == 254)
        || (b[0] == 172 && (b[1] & 0xF0) == 16)
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
        || (b[0] == 198 && (b[1] & 0xFE) == 18)
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)
        || (b[0] == 203 && b[1] == 0 && b[2] == 113));

    private static bool IsPublicV6(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublicV4(address.MapToIPv4().GetAddressBytes());
        }

        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
        {
            return false;
        }

        if ((b[0] & 0xFE) == 0xFC || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8))
        {
            return false;
        }

        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach the IPv4 address they embed.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)
        {
            return IsPublicV4(b[12..16]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicV4(b[2..6]);
        }

        // Other addresses below 2000::/3 (IPv4-compatible, discard, reserved) are not global unicast.
        return (b[0] & 0xE0) == 0x20;
    }
}
