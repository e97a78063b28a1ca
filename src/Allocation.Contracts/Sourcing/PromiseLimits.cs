namespace Allocation.Contracts.Sourcing;

/// <summary>What one promise may ask for; the API refuses anything beyond as bad input.</summary>
public static class PromiseLimits
{
    /// <summary>The solver's own limit on lines per order: a longer basket could not be planned as one order.</summary>
    public const int LinesMax = 50;

    /// <summary>The solver's own limit on units per line.</summary>
    public const int QuantityPerLineMax = 1_000;

    /// <summary>A product page asks about the stores a customer could reach, not the whole country.</summary>
    public const double RadiusKilometresMax = 200;

    /// <summary>Longest city name accepted in a product-page question.</summary>
    public const int CityLengthMax = 100;

    /// <summary>Pickup stores answered per product-page question (nearest first when the area holds more).</summary>
    public const int StoresPerAreaMax = 50;
}
