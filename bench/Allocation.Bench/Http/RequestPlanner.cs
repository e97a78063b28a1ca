using System.Globalization;
using System.Text;

namespace Allocation.Bench.Http;

/// <summary>
/// Draws the requests of one row. Both targets take the same bodies; reservation ids are unique per request (row tag
/// plus a counter), and every hold asks for <see cref="HoldTtlSeconds"/> so none expires before verification reads it.
/// </summary>
internal sealed class RequestPlanner(PathShape shape, string rowTag, BenchCatalogue catalogue)
{
    public const int HoldTtlSeconds = 3_600;
    public const int UnitsPerLine = 1;
    public const int BasketLineCount = 3;
    private const string ReservationsUri = "/api/v1/reservations";

    private long _sequence;

    public PathShape Shape { get; } = shape;

    public PlannedRequest Next(Random random)
    {
        if (Shape == PathShape.StockRead)
        {
            var (sku, store) = AnySkuStore(random);
            return new PlannedRequest("", HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{store}/", null, ThenConfirm: false);
        }

        var reservationId = string.Create(CultureInfo.InvariantCulture, $"{rowTag}-{Interlocked.Increment(ref _sequence)}");
        var body = Shape switch
        {
            PathShape.Named or PathShape.ReserveConfirm => NamedBody(reservationId, AnySkuStore(random)),
            PathShape.Hot => NamedBody(reservationId, (catalogue.HotSku, catalogue.HotStore)),
            PathShape.SolverChosen => SolverBody(reservationId, random),
            PathShape.Basket => BasketBody(reservationId, random),
            _ => throw new InvalidOperationException($"no body for {Shape}"),
        };
        return new PlannedRequest(reservationId, HttpMethod.Post, ReservationsUri, Encoding.UTF8.GetBytes(body), Shape == PathShape.ReserveConfirm);
    }

    public static PlannedRequest ConfirmOf(string reservationId) =>
        new(reservationId, HttpMethod.Post, $"{ReservationsUri}/{reservationId}/confirm", null, ThenConfirm: false);

    private (string Sku, string Store) AnySkuStore(Random random) =>
        (catalogue.Skus[random.Next(catalogue.Skus.Count)], catalogue.Stores[random.Next(catalogue.Stores.Count)]);

    private static string NamedBody(string reservationId, (string Sku, string Store) line) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"reservationId":"{{reservationId}}","ttlSeconds":{{HoldTtlSeconds}},"lines":[{"sku":"{{line.Sku}}","storeId":"{{line.Store}}","quantity":{{UnitsPerLine}}}]}""");

    private string SolverBody(string reservationId, Random random)
    {
        var sku = catalogue.Skus[random.Next(catalogue.Skus.Count)];
        var pickup = catalogue.Stores[random.Next(catalogue.Stores.Count)];
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"reservationId":"{{reservationId}}","ttlSeconds":{{HoldTtlSeconds}},"pickupStoreId":"{{pickup}}","lines":[{"sku":"{{sku}}","quantity":{{UnitsPerLine}}}]}""");
    }

    private string BasketBody(string reservationId, Random random)
    {
        var store = catalogue.Stores[random.Next(catalogue.Stores.Count)];
        var first = random.Next(catalogue.Skus.Count);
        // Consecutive SKUs from a random start: three different SKUs without a retry loop.
        var lines = Enumerable.Range(0, BasketLineCount).Select(offset => string.Create(CultureInfo.InvariantCulture,
            $$"""{"sku":"{{catalogue.Skus[(first + offset) % catalogue.Skus.Count]}}","storeId":"{{store}}","quantity":{{UnitsPerLine}}}"""));
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"reservationId":"{{reservationId}}","ttlSeconds":{{HoldTtlSeconds}},"lines":[{{string.Join(',', lines)}}]}""");
    }
}
