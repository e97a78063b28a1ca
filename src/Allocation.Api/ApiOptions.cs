using Allocation.Contracts.Reservations;
using System.ComponentModel.DataAnnotations;

namespace Allocation.Api;

public sealed class ApiOptions
{
    public const string SectionName = "Allocation:Api";

    /// <summary>The largest request body any route reads (the network import raises it for itself); larger ones get 413.</summary>
    [Range(16 * 1024, 16 * 1024 * 1024)]
    public int RequestBodyBytesMax { get; set; } = 1024 * 1024;

    /// <summary>The hold time of a reservation that names none.</summary>
    [Range(ReservationLimits.HoldTtlSecondsMin, ReservationLimits.HoldTtlSecondsMax)]
    public int HoldTtlSecondsDefault { get; set; } = 900;
}
