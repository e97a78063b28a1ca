using System.ComponentModel.DataAnnotations;

namespace Allocation.Grains.Reservations;

public sealed class ReservationOptions
{
    public const string SectionName = "Allocation:Reservations";

    /// <summary>A basket intent older than this is taken as cut off by a crash and undone.</summary>
    [Range(5, 86_400)]
    public int IntentRecoveryAgeSeconds { get; set; } = 60;

    [Range(1, 3_600)]
    public int IntentRecoveryIntervalSeconds { get; set; } = 30;
}
