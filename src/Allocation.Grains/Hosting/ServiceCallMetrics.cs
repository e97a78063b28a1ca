using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using System.Diagnostics.Metrics;

namespace Allocation.Grains.Hosting;

/// <summary>
/// Counts what reservation and pick-schedule calls answered, read off the results as they leave the grain (one place
/// instead of a counter beside every return): reservations by operation and outcome on <see cref="ReservationsMeterName"/>,
/// pick bookings by outcome and how full the booked hour is on <see cref="PickingMeterName"/>.
/// </summary>
internal sealed class ServiceCallMetrics : IIncomingGrainCallFilter
{
    public const string ReservationsMeterName = "Allocation.Reservations";

    public const string PickingMeterName = "Allocation.Picking";

    /// <summary>The outcome tag of a call that threw (a failed durable write, a bug): no result was given.</summary>
    private const string FailedOutcome = "failed";

    private static readonly Meter ReservationsMeter = new(ReservationsMeterName);

    private static readonly Meter PickingMeter = new(PickingMeterName);

    private static readonly Counter<long> Reservations = ReservationsMeter.CreateCounter<long>(
        "allocation.reservations", "{call}", "Reservation calls (reserve, confirm, release, recover) by operation and outcome");

    private static readonly Counter<long> PickBookings = PickingMeter.CreateCounter<long>(
        "allocation.picking.bookings", "{booking}", "Pick bookings by outcome (booked, already booked, full, invalid)");

    private static readonly Histogram<double> PickHourFill = PickingMeter.CreateHistogram<double>(
        "allocation.picking.capacity.used", "1", "Share of a store's pick capacity in the booked hour that is taken once a booking is made (0 to 1)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 0.75, 0.9, 1.0] });

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception) when (context.Grain is IReservationGrain || IsLineReservation(context))
        {
            Reservations.Add(1, Operation(context), new("outcome", FailedOutcome));
            throw;
        }

        switch (context.Result)
        {
            case ReservationResult reservation:
                Reservations.Add(1, Operation(context), new("outcome", OutcomeName(reservation.Outcome)));
                break;
            case PickBookingResult booking:
                RecordBooking(context, booking);
                break;
        }
    }

    private static void RecordBooking(IIncomingGrainCallContext context, PickBookingResult booking)
    {
        PickBookings.Add(1, new KeyValuePair<string, object?>("outcome", booking.Outcome switch
        {
            PickBookingOutcome.Booked => "booked",
            PickBookingOutcome.AlreadyBooked => "already_booked",
            PickBookingOutcome.Full => "full",
            _ => "invalid",
        }));
        if (booking.Outcome == PickBookingOutcome.Booked && context.Request.GetArgument(0) is PickBookingRequest { PicksMax: > 0 } request)
        {
            PickHourFill.Record(Math.Min(1.0, (double)booking.PicksBooked / request.PicksMax));
        }
    }

    /// <summary>A single-line reservation its stock grain decides: counted as a reserve, as the reservation grain's are.</summary>
    private static bool IsLineReservation(IIncomingGrainCallContext context) =>
        context.Grain is IStockGrain && context.MethodName == nameof(IStockGrain.ReserveLine);

    private static KeyValuePair<string, object?> Operation(IIncomingGrainCallContext context) =>
        new("operation", IsLineReservation(context) ? "reserve" : context.MethodName.ToLowerInvariant());

    private static string OutcomeName(ReservationOutcome outcome) => outcome switch
    {
        ReservationOutcome.Held => "held",
        ReservationOutcome.Confirmed => "confirmed",
        ReservationOutcome.Released => "released",
        ReservationOutcome.Repeated => "repeated",
        ReservationOutcome.InsufficientStock => "insufficient_stock",
        ReservationOutcome.Conflict => "conflict",
        ReservationOutcome.Refused => "refused",
        ReservationOutcome.NotFound => "not_found",
        ReservationOutcome.CannotAllocate => "cannot_allocate",
        _ => "other",
    };
}
