using System.ComponentModel.DataAnnotations;
using Allocation.Grains.Picking;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// How long what the service writes per order is kept (issue 21): every table and list that grows with orders has a
/// window here, except the stock ledger, which is the audit trail and is never pruned. Stated in the README.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Allocation:Retention";

    /// <summary>
    /// Pick bookings may be written this far ahead of their hour at most (<see cref="PickLimits.BookingHorizonHoursMax"/>)
    /// plus a day: a booking row last written longer ago than <see cref="PickBookingRetentionHours"/> is past its hour.
    /// </summary>
    public const int PickBookingRetentionHoursMin = PickLimits.BookingHorizonHoursMax + 24;

    /// <summary>Ended orders (collected, cancelled, no-show) and their reservation records are deleted this long after their last change.</summary>
    [Range(1, 3_650)]
    public int OrderRecordRetentionDays { get; set; } = 90;

    /// <summary>
    /// Reservations that never became orders (released, expired, rejected; held ones, whose holds lapsed long ago)
    /// are deleted this long after their last change; a reservationId repeated later is a new reservation.
    /// </summary>
    [Range(2, 3_650)]
    public int ReservationRecordRetentionDays { get; set; } = 30;

    /// <summary>Order events (the events feed and webhook outbox) are deleted this long after they occurred.</summary>
    [Range(1, 3_650)]
    public int OrderEventRetentionDays { get; set; } = 30;

    /// <summary>Pick-booking rows are deleted this long after they were last written (their hour has passed by then).</summary>
    [Range(PickBookingRetentionHoursMin, 87_600)]
    public int PickBookingRetentionHours { get; set; } = 240;

    /// <summary>A store's ended waves (none of their lines left to pick) are deleted this long after they ended.</summary>
    [Range(1, 3_650)]
    public int WaveRetentionDays { get; set; } = 30;

    /// <summary>A store lists at most this many of its recently ended orders (collected, cancelled, no-show); older ones leave its lists.</summary>
    [Range(0, 10_000)]
    public int StoreEndedOrdersListedMax { get; set; } = 200;

    /// <summary>
    /// How often the retention sweep runs. A pass walks every record of each kind in the window (that is what keeps a
    /// row it cannot delete from stopping the rest), so its cost is the window's rows, not the due ones: once a day
    /// by default, as a nightly job, since windows are whole days and a row outliving its window by up to a day costs
    /// nothing. Hourly passes were running in a quarter of the moments PostgreSQL was busy in the soak (docs/benchmarks.md §10).
    /// </summary>
    [Range(1, 86_400)]
    public int SweepIntervalSeconds { get; set; } = 86_400;

    /// <summary>Rows a sweep statement looks at: each page is one short statement, so the sweep never holds long locks.</summary>
    [Range(10, 100_000)]
    public int SweepPageRows { get; set; } = 1_000;
}
