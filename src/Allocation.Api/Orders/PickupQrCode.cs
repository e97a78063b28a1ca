using QRCoder;

namespace Allocation.Api.Orders;

/// <summary>The QR image of a pickup code as SVG text (QRCoder; rendered here, no external service or asset).</summary>
internal static class PickupQrCode
{
    private const int PixelsPerModule = 8;

    public static string Svg(string code)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(PixelsPerModule);
    }
}
