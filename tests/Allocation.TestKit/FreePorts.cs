using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Allocation.TestKit;

/// <summary>Ports the operating system has just handed out, so hosts started side by side never collide.</summary>
public static class FreePorts
{
    public static int Next(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A free port as a setting value; a restart test passes the same one twice, like a real restart.</summary>
    public static string NextText(IPAddress? address = null) => Next(address).ToString(CultureInfo.InvariantCulture);
}
