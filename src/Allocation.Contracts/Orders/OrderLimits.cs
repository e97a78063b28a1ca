namespace Allocation.Contracts.Orders;

/// <summary>Fixed rules of the order life cycle; the API refuses input beyond them.</summary>
public static class OrderLimits
{
    /// <summary>Wrong pickup codes tolerated per order; the next collect after this many is refused as locked.</summary>
    public const int PickupCodeAttemptsMax = 5;

    public const int PickupCodeDigits = 6;

    public const int CancelReasonLengthMax = 200;

    public static bool IsPickupCodeShaped(string? code) =>
        code is { Length: PickupCodeDigits } && code.All(char.IsAsciiDigit);
}
